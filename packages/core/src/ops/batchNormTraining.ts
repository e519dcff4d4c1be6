import * as tf from '@tensorflow/tfjs-core';

/**
 * Kernel names of batch normalization in training mode as one fused op: inputs x [rows, C],
 * gamma [C], beta [C], attr epsilon; outputs y [rows, C], mean [C], variance [C] (biased, as
 * tf.moments). A backend that registers them (the wasm backend with @gancond/native-kernels)
 * runs a layer's batch norm in three passes over memory forward and two backward; tfjs
 * composes it from ~25 element-wise ops and reductions, each a trip over memory.
 */
export const BATCH_NORM_TRAINING = 'GancondBatchNormTraining';
/** Inputs dy, x, gamma, mean, variance, dmean, dvariance; attr epsilon; outputs dx, dgamma, dbeta. */
export const BATCH_NORM_TRAINING_GRAD = 'GancondBatchNormTrainingGrad';

export interface BatchNormTrainingResult {
  y: tf.Tensor2D;
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
}

/**
 * Normalizes each column of x [rows, C] by its batch mean and variance, then scales by gamma
 * and shifts by beta: y = (x - mean) / sqrt(variance + epsilon) * gamma + beta. Differentiable
 * in x, gamma and beta (also through mean and variance). Backends without the fused kernel
 * get exactly tfjs-layers' computation (tf.moments, then tf.batchNorm).
 */
export function batchNormTraining(x: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D, epsilon: number): BatchNormTrainingResult {
  if (tf.getKernel(BATCH_NORM_TRAINING, tf.getBackend()) != null) {
    const [y, mean, variance] = tf.engine().runKernel(BATCH_NORM_TRAINING, { x, gamma, beta }, { epsilon }) as tf.Tensor[];
    return { y: y as tf.Tensor2D, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
  }
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(x, 0);
    const y = tf.batchNorm(x, mean, variance, beta, gamma, epsilon) as tf.Tensor2D;
    return { y, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
  });
}
