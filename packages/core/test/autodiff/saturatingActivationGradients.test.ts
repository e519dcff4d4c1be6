import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers registers tfjs' gradients (tfjs-core's Node bundle does not).
import '@tensorflow/tfjs-layers';
import { selectBackend } from '../../src/backend/selectBackend';

const CASES = [
  {
    name: 'tanh',
    f: (x: tf.Tensor) => tf.tanh(x),
    first: (x: number) => 1 - Math.tanh(x) ** 2,
    second: (x: number) => -2 * Math.tanh(x) * (1 - Math.tanh(x) ** 2),
  },
  {
    name: 'sigmoid',
    f: (x: tf.Tensor) => tf.sigmoid(x),
    first: (x: number) => (1 / (1 + Math.exp(-x))) * (1 - 1 / (1 + Math.exp(-x))),
    second: (x: number) => {
      const s = 1 / (1 + Math.exp(-x));
      return s * (1 - s) * (1 - 2 * s);
    },
  },
];

for (const backend of ['cpu', 'wasm'] as const) {
  test(`${backend}: first and second derivatives of tanh and sigmoid match their closed forms`, async () => {
    await selectBackend(backend);
    const xs = Float32Array.from({ length: 200 }, () => (Math.random() * 2 - 1) * 4);
    for (const { name, f, first, second } of CASES) {
      const x = tf.tensor(xs);
      const d1 = tf.grad((v: tf.Tensor) => tf.sum(f(v)))(x).dataSync();
      // tfjs alone throws here ("Cannot compute gradient"): the second derivative runs through the saved output.
      const d2 = tf.grad((v: tf.Tensor) => tf.sum(tf.grad((u: tf.Tensor) => tf.sum(f(u)))(v)))(x).dataSync();
      xs.forEach((xi, i) => {
        assert.ok(Math.abs(d1[i] - first(xi)) < 1e-6, `${name}'(${xi}) = ${d1[i]}, expected ${first(xi)}`);
        assert.ok(Math.abs(d2[i] - second(xi)) < 1e-6, `${name}''(${xi}) = ${d2[i]}, expected ${second(xi)}`);
      });
      x.dispose();
    }
  });
}

test('a penalty on a Jacobian through tanh gets the gradient with respect to the weights right (vs central differences)', async () => {
  await selectBackend('cpu');
  // g(z) = tanh(w z); the penalty |dg/dz|² = sum (w (1 - tanh(w z)²))² depends on w through y = tanh(w z).
  const z = tf.tensor(Float32Array.from({ length: 50 }, () => Math.random() * 2 - 1));
  const penalty = (w: number) => {
    return Array.from(z.dataSync()).reduce((sum, zi) => sum + (w * (1 - Math.tanh(w * zi) ** 2)) ** 2, 0);
  };
  const w0 = 1.3;
  const autodiff = tf
    .grad((w: tf.Tensor) => tf.sum(tf.square(tf.grad((v: tf.Tensor) => tf.sum(tf.tanh(tf.mul(w, v))))(z))))(tf.scalar(w0))
    .dataSync()[0];
  const h = 1e-5;
  const central = (penalty(w0 + h) - penalty(w0 - h)) / (2 * h);
  assert.ok(Math.abs(autodiff - central) < 1e-3 * Math.abs(central), `autodiff ${autodiff} vs central difference ${central}`);
});
