import * as tf from '@tensorflow/tfjs-core';

/** Comparison kernels: piecewise constant, so their gradient is zero wherever it exists. */
const COMPARISONS = ['Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Equal', 'NotEqual'];

/**
 * Registers zero gradients for tfjs' comparison kernels, which tfjs leaves without any.
 * First-order training never needs them, but a second derivative does: the gradient of
 * LeakyReLU is built with `greater(x, 0)`, so differentiating a gradient (an R1 or
 * gradient penalty on a LeakyReLU discriminator, double-backward Jacobian-vector products)
 * stops with "gradient function not found for Greater". Idempotent; leaves any gradient
 * registered by someone else in place.
 */
export function registerComparisonGradients(): void {
  for (const kernelName of COMPARISONS) {
    if (tf.getGradient(kernelName)) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: ['a', 'b'],
      gradFunc: (_dy, saved) => ({ a: () => tf.zerosLike(saved[0]), b: () => tf.zerosLike(saved[1]) }),
    });
  }
}
