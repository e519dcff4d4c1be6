import type { Command } from 'commander';
import { resumeExperiment } from '../../run/runExperiment';
import { attachProgressReporter } from '../ProgressReporter';
import { reportRun } from '../reportRun';

export function registerResumeCommand(program: Command): void {
  program
    .command('resume')
    .description('continue a run from its newest readable checkpoint')
    .argument('<runDir>', 'run directory written by gancond run')
    .action(async (runDir: string) => {
      let stopProgress = () => {};
      const summary = await resumeExperiment({
        outDir: runDir,
        handleSigint: true,
        onTrainer: (trainer) => (stopProgress = attachProgressReporter(trainer)),
      }).finally(() => stopProgress());
      reportRun(summary, runDir);
    });
}
