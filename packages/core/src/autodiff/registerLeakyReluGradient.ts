import * as tf from '@tensorflow/tfjs-core';

/**
 * Registers LeakyReLU's gradient as dy * step(x, alpha) (step: 1 for x > 0, alpha
 * otherwise), in place of tfjs' where(x > 0, dy, dy * alpha). Same values, one element-wise
 * kernel instead of three, and a cheap one: on the wasm backend tfjs' Greater and Select are
 * scalar loops (2.9 ms vs 0.4 ms on [64,14,14,32], six times per DCGAN step). step's own
 * gradient is zero, so second derivatives (R1, double-backward JVPs) still work.
 * Idempotent; applies to every backend.
 */
export function registerLeakyReluGradient(): void {
  tf.registerGradient({
    kernelName: tf.LeakyRelu,
    inputsToSave: ['x'],
    gradFunc: (dy, saved, attrs) => {
      const [x] = saved;
      const { alpha } = attrs as unknown as tf.LeakyReluAttrs;
      return { x: () => tf.mul(dy as tf.Tensor, tf.step(x, alpha)) };
    },
  });
}
