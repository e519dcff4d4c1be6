import { SingleBar } from 'cli-progress';
import type { Trainer } from '../trainer/Trainer';

const format = (metrics: Record<string, number>) =>
  Object.entries(metrics)
    .map(([name, value]) => `${name} ${Number.isInteger(value) ? value : value.toPrecision(4)}`)
    .join('  ');

/**
 * Shows training progress: a live bar (steps/s, ETA, latest losses and metrics) on a
 * terminal, plain lines every `logEvery` steps otherwise (logs, CI). Taps the trainer's
 * hooks like any plugin, under the name `gancond:progress`. Returns a function that
 * closes the bar.
 */
export function attachProgressReporter(trainer: Trainer, stream: NodeJS.WriteStream = process.stderr): () => void {
  const name = 'gancond:progress';
  const { steps, logEvery } = trainer.config.training;
  const started = performance.now();
  let firstStep = 0;
  let latest: Record<string, number> = {};
  const bar = stream.isTTY
    ? new SingleBar({ stream, format: '{bar} {value}/{total} | {rate} steps/s | ETA {eta_formatted} | {metrics}', hideCursor: true, barsize: 24 })
    : undefined;
  const rate = (step: number) => ((step - firstStep) / ((performance.now() - started) / 1000)).toFixed(2);

  trainer.hooks.setup.tapPromise(name, async () => {
    firstStep = trainer.step;
  });
  trainer.hooks.restoreCheckpoint.tapPromise(name, async ({ step }) => {
    firstStep = step;
    bar?.start(steps, step, { rate: '-', metrics: '' });
  });
  trainer.hooks.afterStep.tapPromise(name, async ({ step, metrics }) => {
    latest = { ...latest, ...metrics };
    if (bar) {
      if (!bar.isActive) bar.start(steps, step - 1, { rate: '-', metrics: '' });
      bar.update(step, { rate: rate(step), metrics: format(latest) });
    } else if (step % logEvery === 0 || step === steps) {
      stream.write(`step ${step}/${steps}  ${rate(step)} steps/s  ${format(latest)}\n`);
    }
  });
  return () => bar?.stop();
}
