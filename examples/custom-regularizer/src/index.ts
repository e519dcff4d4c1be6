import * as tf from '@tensorflow/tfjs-core';
import { definePlugin, TOKENS, z } from '@gancond/core';
import { orthogonalPenalty } from './orthogonalPenalty';

export { orthogonalPenalty };

/** The plugin's options: validated, with defaults, before `apply` sees them. */
export const orthogonalOptions = z
  .object({
    weight: z.number().nonnegative().default(1e-4).describe('β, the penalty weight (BigGAN: 1e-4)'),
    every: z.number().int().positive().default(1).describe('apply on every Nth generator update'),
  })
  .strict();

/**
 * Adds β·Σ‖WᵀW ⊙ (1 − I)‖²_F over the generator's kernels to the generator loss, and records
 * the unweighted sum as `orthogonal/offDiagonal` so its effect can be followed.
 */
export default definePlugin({
  name: 'orthogonal',
  description: 'orthogonal regularization of the generator kernels (BigGAN)',
  options: orthogonalOptions,
  apply(trainer, { weight, every }) {
    // Resolve services when the run starts: plugins applied after this one may override them.
    let kernels: tf.Variable[] = [];
    trainer.hooks.setup.tapPromise('orthogonal', async ({ container }) => {
      const generator = container.resolve(TOKENS.Generator);
      kernels = generator.trainableWeights.filter((w) => w.name.endsWith('kernel')).map((w) => w.read() as tf.Variable);
    });
    trainer.hooks.generatorLoss.tap('orthogonal', (loss, ctx) => {
      if (ctx.step % every !== 0) return loss;
      const penalty = orthogonalPenalty(kernels);
      ctx.record('orthogonal/offDiagonal', penalty);
      return tf.add(loss, tf.mul(penalty, weight)) as tf.Scalar;
    });
  },
});
