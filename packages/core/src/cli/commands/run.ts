import type { Command } from 'commander';
import { runExperiment } from '../../run/runExperiment';
import { loadConfig } from '../../config/loadConfig';
import { attachProgressReporter } from '../ProgressReporter';
import { collect } from '../collect';
import { reportRun } from '../reportRun';

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('train the experiment in a YAML/JSON config file')
    .argument('<config>', 'experiment file')
    .option('--set <path=value>', 'override a config field (repeatable), e.g. --set training.steps=100', collect, [])
    .option('--backend <name>', 'auto | tensorflow-gpu | tensorflow | wasm | cpu (overrides the config)')
    .option('--out <dir>', 'run directory (default: runs/<name>)')
    .action(async (configFile: string, opts: { set: string[]; backend?: string; out?: string }) => {
      const overrides = opts.backend ? [...opts.set, `backend=${opts.backend}`] : opts.set;
      const outDir = opts.out ?? `runs/${loadConfig(configFile, overrides).config.name}`;
      let stopProgress = () => {};
      const summary = await runExperiment(configFile, overrides, {
        outDir,
        handleSigint: true,
        onTrainer: (trainer) => (stopProgress = attachProgressReporter(trainer)),
      }).finally(() => stopProgress());
      reportRun(summary, outDir);
    });
}
