import * as tf from '@tensorflow/tfjs-core';
import { definePlugin, type GancondPlugin, type RandomStream, TOKENS } from '@gancond/core';
import { jacobianClampPenalty } from './jacobianClampPenalty';
import { jacobianClampOptionsSchema } from './options';

const NAME = 'jacobian-clamp';

/**
 * Adds weight · JacobianClampPenalty to the generator loss on every `every`-th generator
 * update, reusing the trainer's G(z), and records Q's mean/min/max, the penalty and the
 * fractions of Q values outside the band under `jacobian-clamp/...`. δ comes from the
 * run's own `plugin:jacobian-clamp` stream, so adding the plugin shifts no other draw and
 * the stream's checkpointed state makes resumed runs draw what an uninterrupted run would.
 */
export const jacobianClampPlugin: GancondPlugin<typeof jacobianClampOptionsSchema> = definePlugin({
  name: NAME,
  description: 'Jacobian Clamping (Odena et al. 2018, Algorithm 1): keeps ‖G(z) − G(z′)‖/‖z − z′‖ inside [lambdaMin, lambdaMax]',
  options: jacobianClampOptionsSchema,
  apply(trainer, options) {
    const { weight, every, ...penaltyOptions } = options;
    let stream: RandomStream | undefined;
    trainer.hooks.setup.tapPromise(NAME, async ({ container }) => {
      stream = container.resolve(TOKENS.Random).get(`plugin:${NAME}`);
    });
    trainer.hooks.generatorLoss.tap(NAME, (loss, ctx) => {
      if (ctx.step % every !== 0) return loss; // no draw either: the stream stays aligned on resume
      if (!stream) throw new Error(`${NAME}: generatorLoss fired before setup`);
      const { penalty, q } = jacobianClampPenalty(ctx.generate, ctx.z, penaltyOptions, stream, ctx.fake);
      const record = (metric: string, value: tf.Tensor) => ctx.record(`${NAME}/${metric}`, value as tf.Scalar);
      record('qMean', tf.mean(q));
      record('qMin', tf.min(q));
      record('qMax', tf.max(q));
      record('penalty', penalty);
      record('fractionAboveMax', tf.mean(tf.cast(tf.greater(q, penaltyOptions.lambdaMax), 'float32')));
      record('fractionBelowMin', tf.mean(tf.cast(tf.less(q, penaltyOptions.lambdaMin), 'float32')));
      // weight 0 only measures Q: skip the term so no backward pass runs through G(z').
      return weight === 0 ? loss : (tf.add(loss, tf.mul(penalty, weight)) as tf.Scalar);
    });
  },
});
