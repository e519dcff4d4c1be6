import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers registers tfjs' gradients (tfjs-core's Node bundle does not).
import '@tensorflow/tfjs-layers';
import { selectBackend } from '../../src/backend/selectBackend';

for (const backend of ['cpu', 'wasm'] as const) {
  test(`${backend}: LeakyReLU's gradient is dy where x > 0 and alpha * dy elsewhere`, async () => {
    await selectBackend(backend);
    for (const alpha of [0.2, 1.7, -0.4]) {
      const xs = Float32Array.from({ length: 300 }, () => Math.random() * 2 - 1);
      xs[7] = 0; // the kink belongs to the negative side, as in tfjs
      const dys = Float32Array.from({ length: 300 }, () => Math.random() * 2 - 1);
      const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.leakyRelu(x, alpha), tf.tensor(dys))))(tf.tensor(xs));
      const got = g.dataSync();
      xs.forEach((x, i) => {
        const expected = Math.fround(dys[i] * (x > 0 ? 1 : Math.fround(alpha)));
        assert.ok(Math.abs(got[i] - expected) <= 1e-7 * Math.abs(expected), `alpha ${alpha}, x ${x}: ${got[i]} vs ${expected}`);
      });
    }
    // One element-wise kernel (Step) and the product, not tfjs' Greater + Select.
    const x = tf.randomNormal([50]);
    const { kernels } = await tf.profile(() => tf.grad((v: tf.Tensor) => tf.sum(tf.leakyRelu(v, 0.2)))(x));
    const names = kernels.map((k) => k.name);
    assert.ok(names.includes('Step') && !names.includes('Select') && !names.includes('Greater'), names.join(', '));
  });
}
