import type { Command } from 'commander';
import { loadConfig } from '../../config/loadConfig';
import { withAbsolutePaths } from '../../run/absolutePaths';
import { loadPlugins } from '../../plugin/loadPlugins';
import { collect } from '../collect';

export function registerValidateCommand(program: Command): void {
  program
    .command('validate')
    .description("check a config and its plugins' options without training")
    .argument('<config>', 'experiment file')
    .option('--set <path=value>', 'override a config field (repeatable)', collect, [])
    .action(async (configFile: string, opts: { set: string[] }) => {
      const { config, baseDir } = loadConfig(configFile, opts.set);
      const plugins = await loadPlugins(withAbsolutePaths(config, baseDir).plugins, baseDir);
      const names = plugins.map((p) => p.plugin.name).join(', ') || 'none';
      process.stdout.write(`${configFile}: valid (${config.name}; plugins: ${names})\n`);
    });
}
