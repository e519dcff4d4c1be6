import * as tf from '@tensorflow/tfjs-core';

/**
 * Euclidean norms of the rows of `x` [rows, n], with a gradient that is 0 (not NaN) at a
 * zero row. tf.norm differentiates sqrt(Σx²) as x/‖x‖, which is 0/0 when a generator maps
 * z and z' to the same image (saturated tanh, dead ReLUs); one NaN would poison the whole
 * update. The subgradient 0 is a valid choice there; elsewhere this is the exact gradient.
 */
export const rowNorms: (x: tf.Tensor2D) => tf.Tensor1D = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [x, save] = args as [tf.Tensor, tf.GradSaveFunc];
  const norms = tf.sqrt(tf.sum(tf.square(x), 1));
  save([x, norms]);
  return {
    value: norms,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [input, n] = saved;
      const safe = tf.where(tf.greater(n, 0), n, tf.onesLike(n));
      return tf.mul(input, tf.expandDims(tf.div(dy, safe), 1));
    },
  };
}) as (x: tf.Tensor2D) => tf.Tensor1D;
