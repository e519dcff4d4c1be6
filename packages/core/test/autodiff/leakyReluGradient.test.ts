import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers registers tfjs' gradients (tfjs-core's Node bundle does not).
import '@tensorflow/tfjs-layers';
import { selectBackend } from '../../src/backend/selectBackend';
import { LEAKY_RELU_GRAD } from '../../src/autodiff/registerLeakyReluGradient';

// The gradient's kernels: tfjs' Greater + Select replaced by Step and a product, or by one
// native kernel on wasm with @gancond/native-kernels.
const SETUPS = [
  { label: 'cpu', backend: 'cpu', nativeKernels: 'auto', kernel: 'Step' },
  { label: 'wasm (XNNPACK)', backend: 'wasm', nativeKernels: 'off', kernel: 'Step' },
  { label: 'wasm (native kernels)', backend: 'wasm', nativeKernels: 'auto', kernel: LEAKY_RELU_GRAD },
] as const;

for (const { label, backend, nativeKernels, kernel } of SETUPS) {
  test(`${label}: LeakyReLU's gradient is dy where x > 0 and alpha * dy elsewhere`, async () => {
    await selectBackend(backend, { nativeKernels: { mode: nativeKernels } });
    for (const alpha of [0.2, 1.7, -0.4]) {
      // Long enough for the native kernel to use both threads.
      const xs = Float32Array.from({ length: 300_000 }, () => Math.random() * 2 - 1);
      xs[7] = 0; // the kink belongs to the negative side, as in tfjs
      const dys = Float32Array.from({ length: 300_000 }, () => Math.random() * 2 - 1);
      const g = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.leakyRelu(x, alpha), tf.tensor(dys))))(tf.tensor(xs));
      const got = g.dataSync();
      const expected = (i: number) => Math.fround(dys[i] * (xs[i] > 0 ? 1 : Math.fround(alpha)));
      const bad = xs.findIndex((_, i) => Math.abs(got[i] - expected(i)) > 1e-7 * Math.abs(expected(i)));
      assert.equal(bad, -1, `alpha ${alpha}, x ${xs[bad]}: ${got[bad]} vs ${expected(bad)}`);
    }
    const x = tf.randomNormal([50]);
    const { kernels } = await tf.profile(() => tf.grad((v: tf.Tensor) => tf.sum(tf.leakyRelu(v, 0.2)))(x));
    const names = kernels.map((k) => k.name);
    assert.ok(names.includes(kernel) && !names.includes('Select') && !names.includes('Greater'), names.join(', '));
  });
}
