import type { Trainer } from '../trainer/Trainer';

/**
 * Wall time of each training step, from the trainer's own beforeStep to afterStep hooks:
 * the discriminator and generator updates, every plugin's loss terms and the metric reads,
 * but not evaluation, sample grids or checkpoints. Tap it after the plugins so their
 * afterStep work is inside the measured span.
 */
export class StepTimer {
  /** Milliseconds by step number. */
  readonly stepMs = new Map<number, number>();
  private started = 0;

  constructor(trainer: Trainer, name = 'bench:timer') {
    trainer.hooks.beforeStep.tap(name, () => {
      this.started = performance.now();
    });
    trainer.hooks.afterStep.tapPromise(name, async ({ step }) => {
      this.stepMs.set(step, performance.now() - this.started);
    });
  }

  /** Times of steps `from`..`to` (inclusive), in step order. */
  range(from: number, to: number): number[] {
    const out: number[] = [];
    for (let step = from; step <= to; step++) {
      const ms = this.stepMs.get(step);
      if (ms === undefined) throw new Error(`step ${step} was not timed`);
      out.push(ms);
    }
    return out;
  }
}
