import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { selectBackend } from '../../src/backend/selectBackend';

/**
 * An R1-style penalty, mean ‖∇_x D(x)‖², on a LeakyReLU discriminator: differentiating it
 * with respect to D's weights needs the gradient of LeakyReLU's gradient (built on Greater).
 */
function penaltyAndGradient(kernel: Float32Array, x: tf.Tensor4D) {
  const d = tfl.sequential({
    layers: [
      tfl.layers.conv2d({ inputShape: [6, 6, 1], filters: 3, kernelSize: 3, strides: 2, padding: 'same', useBias: false }),
      tfl.layers.leakyReLU({ alpha: 0.2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 1, kernelInitializer: 'ones', useBias: false }),
    ],
  });
  d.layers[0].setWeights([tf.tensor4d(kernel, [3, 3, 1, 3])]);
  const w = d.layers[0].trainableWeights[0].read() as tf.Variable;
  const penalty = () =>
    tf.tidy(() => {
      const gx = tf.grad((input: tf.Tensor) => tf.sum(d.apply(input) as tf.Tensor))(x);
      return tf.mean(tf.sum(tf.square(gx), [1, 2, 3])) as tf.Scalar;
    });
  const { value, grads } = tf.variableGrads(penalty, [w]);
  const result = { value: value.dataSync()[0], gradient: grads[w.name].dataSync() as Float32Array };
  tf.dispose([value, grads]);
  d.dispose();
  return result;
}

test('second derivatives through LeakyReLU work and match central differences', async () => {
  await selectBackend('cpu');
  const kernel = Float32Array.from({ length: 27 }, () => Math.random() - 0.5);
  const x = tf.randomNormal([2, 6, 6, 1]) as tf.Tensor4D;
  const { gradient } = penaltyAndGradient(kernel, x);
  // The penalty is quadratic in the kernel between LeakyReLU's kinks, so central differences
  // are exact there; where a step crosses a kink, differences at h and h/2 disagree and that
  // coordinate is left out (rare: most coordinates must be checked).
  const central = (i: number, h: number) => {
    const plus = Float32Array.from(kernel);
    const minus = Float32Array.from(kernel);
    plus[i] += h;
    minus[i] -= h;
    return (penaltyAndGradient(plus, x).value - penaltyAndGradient(minus, x).value) / (2 * h);
  };
  let checked = 0;
  for (let i = 0; i < kernel.length; i++) {
    const [a, b] = [central(i, 2e-3), central(i, 1e-3)];
    if (Math.abs(a - b) > 1e-3 * (1 + Math.abs(b))) continue;
    checked++;
    assert.ok(Math.abs(gradient[i] - b) < 5e-3 * (1 + Math.abs(b)), `w[${i}]: autodiff ${gradient[i]} vs central difference ${b}`);
  }
  assert.ok(checked >= 20, `only ${checked} of 27 coordinates away from a kink`);
  // And on the wasm backend (with gancond's training kernels) it agrees with cpu.
  await selectBackend('wasm');
  const onWasm = penaltyAndGradient(kernel, tf.tensor4d(x.dataSync(), x.shape));
  onWasm.gradient.forEach((g, i) => assert.ok(Math.abs(g - gradient[i]) < 1e-4 * (1 + Math.abs(gradient[i])), `wasm w[${i}]: ${g} vs ${gradient[i]}`));
});
