import * as tf from '@tensorflow/tfjs-core';
import { BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD } from '../ops/batchNormTraining';

/**
 * The gradients of sum(dy * y) + sum(dmean * mean) + sum(dvariance * variance) in closed
 * form, from differentiable ops (used when a tape records the backward pass itself, i.e.
 * for second derivatives, and on backends without the fused gradient kernel). With
 * r = 1 / sqrt(variance + epsilon) and xhat = (x - mean) r, over N rows:
 *   dbeta = sum dy, dgamma = sum dy xhat,
 *   dx = gamma r (dy - dbeta / N - xhat dgamma / N) + dmean / N + 2 dvariance (x - mean) / N.
 */
function composedGradients(dy: tf.Tensor, x: tf.Tensor, gamma: tf.Tensor, dmean: tf.Tensor, dvariance: tf.Tensor, epsilon: number) {
  // The statistics are taken again from x rather than from the saved outputs: tfjs records
  // the copies of saved outputs on the tape *before* the op that made them, so gradients
  // reaching those copies would never flow back through the op.
  const { mean, variance } = tf.moments(x, 0);
  const n = x.shape[0];
  const r = tf.rsqrt(tf.add(variance, epsilon));
  const centered = tf.sub(x, mean);
  const xhat = tf.mul(centered, r);
  const dbeta = tf.sum(dy, 0);
  const dgamma = tf.sum(tf.mul(dy, xhat), 0);
  const normalizedGradient = tf.mul(tf.mul(gamma, r), tf.sub(tf.sub(dy, tf.div(dbeta, n)), tf.mul(xhat, tf.div(dgamma, n))));
  const statisticsGradient = tf.add(tf.div(dmean, n), tf.mul(centered, tf.mul(dvariance, 2 / n)));
  return [tf.add(normalizedGradient, statisticsGradient), dgamma, dbeta];
}

/**
 * Registers the gradient of the fused batch-norm op (see ops/batchNormTraining): one fused
 * kernel for all three input gradients where the backend has it and no outer tape records
 * the backward pass, else the closed form from differentiable ops. Idempotent.
 */
export function registerBatchNormTrainingGradient(): void {
  tf.registerGradient({
    kernelName: BATCH_NORM_TRAINING,
    inputsToSave: ['x', 'gamma'],
    outputsToSave: [false, true, true],
    gradFunc: (dys, saved, attrs) => {
      const [dy, dmean, dvariance] = dys as tf.Tensor[];
      const [x, gamma, mean, variance] = saved;
      const { epsilon } = attrs as { epsilon: number };
      const fused = tf.engine().state.gradientDepth === 0 && tf.getKernel(BATCH_NORM_TRAINING_GRAD, tf.getBackend()) != null;
      // All three at once (the tape asks for each input's gradient separately).
      const [dx, dgamma, dbeta] = fused
        ? (tf.engine().runKernel(BATCH_NORM_TRAINING_GRAD, { dy, x, gamma, mean, variance, dmean, dvariance }, { epsilon }) as tf.Tensor[])
        : composedGradients(dy, x, gamma, dmean, dvariance, epsilon);
      return { x: () => dx, gamma: () => dgamma, beta: () => dbeta };
    },
  });
}
