import * as tf from '@tensorflow/tfjs-core';

/**
 * Tanh's and Sigmoid's gradients as tfjs computes them, 1 - y² and y (1 - y) from the saved
 * output y, except when a tape records the backward pass (second derivatives): then from x,
 * as 1 - tanh(x)² and sigmoid(x) (1 - sigmoid(x)). tfjs records the copies of saved outputs
 * on the tape *before* the op that made them, so nothing flows back through y: the second
 * derivative of tanh throws "Cannot compute gradient", and where other paths exist (a
 * regularizer that differentiates a generator's Jacobian with respect to its weights) the
 * terms through y drop silently. Idempotent; applies to every backend.
 */
export function registerSaturatingActivationGradients(): void {
  const register = (kernelName: string, slope: (y: tf.Tensor) => tf.Tensor, activation: (x: tf.Tensor) => tf.Tensor) =>
    tf.registerGradient({
      kernelName,
      inputsToSave: ['x'],
      outputsToSave: [true],
      gradFunc: (dy, saved) => {
        const [x, y] = saved;
        const recorded = tf.engine().state.gradientDepth > 0;
        return { x: () => tf.mul(dy as tf.Tensor, slope(recorded ? activation(x) : y)) };
      },
    });
  register(tf.Tanh, (y) => tf.sub(1, tf.square(y)), tf.tanh);
  register(tf.Sigmoid, (y) => tf.mul(y, tf.sub(1, y)), tf.sigmoid);
}
