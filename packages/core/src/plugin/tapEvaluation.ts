import type { EvaluateContext } from '../trainer/hooks';
import type { Trainer } from '../trainer/Trainer';

/**
 * Taps `evaluate` for an evaluator with an optional schedule of its own, the one meaning of
 * an evaluator plugin's `every` option:
 * - `every` undefined: at every evaluation of the run (step 0, every `training.evalEvery`
 *   steps, the end);
 * - `every` N: at step 0, every N steps (the trainer is asked to evaluate then, whatever
 *   `training.evalEvery` says) and at the end.
 */
export function tapEvaluation(
  trainer: Trainer,
  name: string,
  every: number | undefined,
  evaluate: (context: EvaluateContext) => Promise<void>,
): void {
  if (every !== undefined) trainer.evaluateEvery(every);
  trainer.hooks.evaluate.tapPromise(name, async (context) => {
    if (context.reason === 'schedule' && every !== undefined && context.step % every !== 0) return;
    await evaluate(context);
  });
}
