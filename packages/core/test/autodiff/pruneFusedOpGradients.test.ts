import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
// tfjs-layers registers tfjs' gradients (tfjs-core's Node bundle does not).
import '@tensorflow/tfjs-layers';
import { selectBackend } from '../../src/backend/selectBackend';

// tfjs' own fused ops (customGrad), captured before selectBackend replaces them.
const tfjsFused = { ...tf.fused };

function assertClose(actual: tf.Tensor, expected: tf.Tensor, what: string) {
  assert.deepEqual(actual.shape, expected.shape, `${what}: shape`);
  const a = actual.dataSync();
  const e = expected.dataSync();
  const scale = Math.max(...Array.from(e, Math.abs));
  const worst = Math.max(...Array.from(a, (v, i) => Math.abs(v - e[i])));
  assert.ok(worst <= 1e-5 * scale, `${what}: max |diff| ${worst} vs max |value| ${scale}`);
}

/** Gradients of Σ c ⊙ op(x, w, b) with respect to x, w and b, for a weighting c drawn once. */
function gradients(op: (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor, x: tf.Tensor, w: tf.Tensor, b: tf.Tensor, c: tf.Tensor) {
  return tf.grads((xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) => tf.sum(tf.mul(op(xx, ww, bb), c)))([x, w, b]);
}

for (const backend of ['cpu', 'wasm'] as const) {
  test(`${backend}: fused conv2d, depthwiseConv2d and matMul under a tape give tfjs' own fused gradients`, async () => {
    await selectBackend(backend);
    const x = tf.randomNormal([3, 9, 9, 4]);
    const cases = [
      {
        name: 'conv2d',
        w: tf.randomNormal([3, 3, 4, 5]),
        b: tf.randomNormal([5]),
        run: (f: typeof tf.fused) => (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
          f.conv2d({ x: xx as tf.Tensor4D, filter: ww as tf.Tensor4D, strides: 2, pad: 'same', bias: bb }),
      },
      {
        name: 'depthwiseConv2d',
        w: tf.randomNormal([3, 3, 4, 2]),
        b: tf.randomNormal([8]),
        run: (f: typeof tf.fused) => (xx: tf.Tensor, ww: tf.Tensor, bb: tf.Tensor) =>
          f.depthwiseConv2d({ x: xx as tf.Tensor4D, filter: ww as tf.Tensor4D, strides: 1, pad: 'valid', bias: bb }),
      },
    ];
    // tfjs-backend-wasm has no depthwise backprop kernels (neither has gancond yet): cpu only.
    for (const { name, w, b, run } of cases.filter((c) => backend === 'cpu' || c.name !== 'depthwiseConv2d')) {
      const c = tf.randomNormal(run(tf.fused)(x, w, b).shape);
      const ours = gradients(run(tf.fused), x, w, b, c);
      const reference = gradients(run(tfjsFused), x, w, b, c);
      ['x', 'filter', 'bias'].forEach((input, i) => assertClose(ours[i], reference[i], `${name} d/d${input}`));
    }
    const a = tf.randomNormal([7, 6]);
    const m = tf.randomNormal([5, 6]);
    const bias = tf.randomNormal([5]);
    const matMul = (f: typeof tf.fused) => (aa: tf.Tensor, mm: tf.Tensor, bb: tf.Tensor) =>
      f.matMul({ a: aa as tf.Tensor2D, b: mm as tf.Tensor2D, transposeB: true, bias: bb });
    const c = tf.randomNormal([7, 5]);
    const ours = gradients(matMul(tf.fused), a, m, bias, c);
    const reference = gradients(matMul(tfjsFused), a, m, bias, c);
    ['a', 'b', 'bias'].forEach((input, i) => assertClose(ours[i], reference[i], `matMul d/d${input}`));
    // Outside a tape (inference), tfjs' own fused kernel runs: same values.
    assertClose(matMul(tf.fused)(a, m, bias), matMul(tfjsFused)(a, m, bias), 'matMul forward');
  });
}

test('a gradient with respect to the filter only runs no input-gradient kernel', async () => {
  await selectBackend('cpu');
  const x = tf.randomNormal([2, 8, 8, 3]) as tf.Tensor4D;
  const filter = tf.variable(tf.randomNormal([3, 3, 3, 4]) as tf.Tensor4D);
  const bias = tf.variable(tf.randomNormal([4]));
  const loss = () => tf.sum(tf.fused.conv2d({ x, filter, strides: 1, pad: 'same', bias })) as tf.Scalar;
  const kernels = async (fused: typeof tf.fused) => {
    const saved = { ...tf.fused };
    Object.assign(tf.fused, fused);
    try {
      const info = await tf.profile(() => tf.variableGrads(loss, [filter, bias]).grads[filter.name]);
      return info.kernels.map((k) => k.name);
    } finally {
      Object.assign(tf.fused, saved);
    }
  };
  const pruned = await kernels(tf.fused);
  assert.ok(pruned.includes('Conv2DBackpropFilter'), pruned.join(', '));
  assert.ok(!pruned.includes('Conv2DBackpropInput'), `the input is data, yet: ${pruned.join(', ')}`);
  // tfjs' own fused op computes the input gradient anyway: the waste this module removes.
  assert.ok((await kernels(tfjsFused)).includes('Conv2DBackpropInput'));
});
