import * as tf from '@tensorflow/tfjs-core';

/**
 * Orthogonal regularization (Brock et al. 2017, in the form BigGAN uses):
 *   R(W) = ‖WᵀW ⊙ (1 − I)‖²_F
 * for a kernel reshaped to a matrix W [fanIn, filters] (the last axis is the filters' axis
 * for dense and conv2d kernels; any fixed reshape works, it only fixes which columns are
 * pushed towards orthogonality). It pulls distinct filters apart without fixing their norms.
 * Returns the sum over kernels; a scalar that can be differentiated (use it inside a tape).
 */
export function orthogonalPenalty(kernels: readonly tf.Tensor[]): tf.Scalar {
  return tf.tidy(() => {
    const terms = kernels.map((kernel) => {
      const w = tf.reshape(kernel, [-1, kernel.shape[kernel.rank - 1]]) as tf.Tensor2D;
      const gram = tf.matMul(w, w, true, false);
      const offDiagonal = tf.mul(gram, tf.sub(1, tf.eye(gram.shape[0])));
      return tf.sum(tf.square(offDiagonal));
    });
    return tf.addN(terms) as tf.Scalar;
  });
}
