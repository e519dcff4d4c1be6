import type { RunSummary } from '../run/RunSummary';

/** The closing lines of `gancond run` / `resume`; an interrupted run exits 130, like any SIGINT. */
export function reportRun(summary: RunSummary, outDir: string): void {
  const metrics = Object.entries(summary.finalMetrics)
    .map(([name, value]) => `  ${name}: ${value}`)
    .join('\n');
  process.stdout.write(
    `${summary.name}: ${summary.status} at step ${summary.step}/${summary.steps} on ${summary.backend.name}, ` +
      `${summary.msPerStep.toFixed(0)} ms/step\n${metrics}\nrun directory: ${outDir}\n`,
  );
  if (summary.status === 'interrupted') {
    process.stdout.write(`checkpoint written; continue with: gancond resume ${outDir}\n`);
    process.exitCode = 130;
  }
}
