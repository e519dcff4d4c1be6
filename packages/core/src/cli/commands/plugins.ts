import type { Command } from 'commander';
import { z } from 'zod';
import { findInstalledPlugins } from '../../plugin/findInstalledPlugins';
import { loadPluginModule } from '../../plugin/loadPlugins';

interface OptionSchema {
  properties?: Record<string, { type?: string; default?: unknown; description?: string; enum?: unknown[] }>;
}

export function registerPluginsCommand(program: Command): void {
  program
    .command('plugins')
    .description('list the gancond plugins installed here, with their options')
    .option('--json', 'machine-readable output')
    .action(async (opts: { json?: boolean }) => {
      const listed = [];
      for (const installed of findInstalledPlugins()) {
        const { plugin } = await loadPluginModule(installed.dir, process.cwd(), installed.packageName);
        listed.push({ ...installed, name: plugin.name, description: plugin.description, options: z.toJSONSchema(plugin.options, { io: 'input' }) as OptionSchema });
      }
      if (opts.json) {
        process.stdout.write(JSON.stringify(listed, null, 2) + '\n');
        return;
      }
      if (listed.length === 0) process.stdout.write('no gancond plugins found (packages with the keyword "gancond-plugin")\n');
      for (const p of listed) {
        process.stdout.write(`${p.packageName}@${p.version}  ${p.description ?? ''}\n`);
        for (const [key, spec] of Object.entries(p.options.properties ?? {})) {
          const type = spec.enum ? spec.enum.map((v) => JSON.stringify(v)).join(' | ') : spec.type;
          const def = spec.default === undefined ? '' : ` = ${JSON.stringify(spec.default)}`;
          process.stdout.write(`    ${key}: ${type}${def}${spec.description ? `  ${spec.description}` : ''}\n`);
        }
      }
    });
}
