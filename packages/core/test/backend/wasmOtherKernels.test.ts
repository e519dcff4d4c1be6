import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { registerWasmTrainingKernels } from '../../src/backend/wasm/registerWasmTrainingKernels';
import { withNativeWasmKernels } from './useNativeWasmKernels';
import { stockWasmKernel } from '../../src/backend/wasm/wasmKernelContext';
import { assertWasmMatchesCpu, randomInput, randomValues } from './compareBackends';

describe('wasm matmul, tile and identity kernels match the cpu backend', () => {
  before(async () => {
    await tf.setBackend('wasm');
    registerWasmTrainingKernels();
  });

  const MATMULS: { a: number[]; b: number[] }[] = [
    { a: [64, 40], b: [40, 48] }, // above the size threshold: transposed operands are materialised
    { a: [3, 50, 30], b: [3, 30, 60] },
    { a: [1, 50, 30], b: [4, 30, 60] }, // broadcast batch
    { a: [2, 3, 20, 30], b: [30, 25] }, // rank 4 against rank 2
    { a: [2, 1, 20, 30], b: [1, 3, 30, 25] }, // broadcast on both sides: native falls back
    { a: [5, 7], b: [7, 3] }, // tiny: stock path
    { a: [64, 3136], b: [3136, 1] },
  ];

  async function everyTransposeCombination() {
    for (const { a, b } of MATMULS) {
      for (const ta of [false, true]) {
        for (const tb of [false, true]) {
          const as = ta ? [...a.slice(0, -2), a[a.length - 1], a[a.length - 2]] : a;
          const bs = tb ? [...b.slice(0, -2), b[b.length - 1], b[b.length - 2]] : b;
          await assertWasmMatchesCpu(`matMul ${as} ${bs} tA=${ta} tB=${tb}`, [randomInput(as), randomInput(bs)], (x, y) =>
            tf.matMul(x, y, ta, tb),
          );
        }
      }
    }
  }

  it('BatchMatMul with every transpose combination', everyTransposeCombination);

  it('BatchMatMul and _FusedMatMul by the native kernels (@gancond/native-kernels) with every transpose combination', () =>
    withNativeWasmKernels(async () => {
      await everyTransposeCombination();
      await fusedEveryTransposeCombination('linear'); // native product + bias
      await fusedEveryTransposeCombination('relu'); // XNNPACK-based
    }));

  async function fusedEveryTransposeCombination(activation: 'relu' | 'linear') {
    for (const ta of [false, true]) {
      for (const tb of [false, true]) {
        const as = ta ? [40, 64] : [64, 40];
        const bs = tb ? [48, 40] : [40, 48];
        await assertWasmMatchesCpu(
          `fused matMul ${activation} tA=${ta} tB=${tb}`,
          [randomInput(as), randomInput(bs), randomInput([48])],
          (x, y, bias) => tf.fused.matMul({ a: x as tf.Tensor2D, b: y as tf.Tensor2D, transposeA: ta, transposeB: tb, bias, activation }),
        );
      }
    }
  }

  it('_FusedMatMul with bias and activation under every transpose combination', () => fusedEveryTransposeCombination('relu'));

  it('Tile over ranks and repetitions', async () => {
    const cases: { shape: number[]; reps: number[] }[] = [
      { shape: [1, 1, 1, 32], reps: [64, 14, 14, 1] },
      { shape: [1, 3136], reps: [5, 1] },
      { shape: [2, 3, 4], reps: [3, 1, 2] },
      { shape: [5], reps: [7] },
      { shape: [2, 1, 3, 1], reps: [1, 4, 1, 5] },
      { shape: [3, 2], reps: [1, 1] },
    ];
    for (const { shape, reps } of cases) {
      await assertWasmMatchesCpu(`tile ${shape} x ${reps}`, [randomInput(shape)], (x) => tf.tile(x, reps));
    }
    // int32 and bool go through the same block copies
    const i = tf.tile(tf.tensor2d([[1, 2, 3]], [1, 3], 'int32'), [2, 2]);
    assert.deepEqual(Array.from(i.dataSync()), [1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3]);
    const b = tf.tile(tf.tensor1d([true, false], 'bool'), [3]);
    assert.deepEqual(Array.from(b.dataSync()), [1, 0, 1, 0, 1, 0]);
  });

  it('Sum and Mean over leading axes (own kernel) and other axes (stock)', async () => {
    const cases: { shape: number[]; axis: number | number[]; keepDims: boolean }[] = [
      { shape: [64, 14, 14, 32], axis: [0, 1, 2], keepDims: false },
      { shape: [6, 5, 4, 3], axis: [0, 1, 2], keepDims: true },
      { shape: [64, 3136], axis: 0, keepDims: false },
      { shape: [7, 9], axis: -1, keepDims: false },
      { shape: [4, 5, 6], axis: [0, 2], keepDims: false },
      { shape: [4, 5, 6], axis: [1, 0], keepDims: true },
      { shape: [10], axis: 0, keepDims: false },
    ];
    for (const { shape, axis, keepDims } of cases) {
      await assertWasmMatchesCpu(`sum/mean ${shape} axis ${axis} keepDims ${keepDims}`, [randomInput(shape)], (x) => [
        tf.sum(x, axis, keepDims),
        tf.mean(x, axis, keepDims),
      ]);
    }
  });

  async function leakyReluForSlopes() {
    for (const alpha of [0.2, 0.01, 1.5, -0.3]) {
      // Large enough for the native kernel to use both threads.
      await assertWasmMatchesCpu(`leakyRelu alpha ${alpha}`, [randomInput([64, 14, 14, 32])], (x) => tf.leakyRelu(x, alpha), 1e-6);
    }
    await tf.setBackend('wasm');
    assert.deepEqual(Array.from(tf.leakyRelu(tf.tensor([0, 2, -2]), 0.2).dataSync()), [0, 2, -2 * Math.fround(0.2)]);
  }

  it('LeakyRelu (own kernel) for slopes below, above and outside [0, 1], and at x = 0', leakyReluForSlopes);

  it('LeakyRelu and Tanh by the native kernels (@gancond/native-kernels)', async () => {
    await withNativeWasmKernels(async () => {
      await leakyReluForSlopes();
      // Float32 tanh from two libms: within a few units in the last place.
      await assertWasmMatchesCpu('tanh', [{ shape: [64, 28, 28, 1], values: randomValues(50176).map((v) => 5 * v) }], (x) => tf.tanh(x), 1e-6);
      assert.notEqual(tf.getKernel(tf.Tanh, 'wasm')?.kernelFunc, stockWasmKernel(tf.Tanh));
    });
    // Without the native kernels, the stock Tanh runs again.
    assert.equal(tf.getKernel(tf.Tanh, 'wasm')?.kernelFunc, stockWasmKernel(tf.Tanh));
  });

  it('Identity shares memory safely: disposing either side leaves the other intact', async () => {
    const x = tf.tensor([1.5, -2, 3]);
    const y = tf.engine().runKernel(tf.Identity, { x }) as tf.Tensor;
    x.dispose();
    assert.deepEqual(Array.from(y.dataSync()), [1.5, -2, 3]);
    const z = tf.engine().runKernel(tf.Identity, { x: y }) as tf.Tensor;
    y.dispose();
    assert.deepEqual(Array.from(z.dataSync()), [1.5, -2, 3]);
    z.dispose();
    const before = tf.memory().numTensors;
    const grads = tf.grad((v: tf.Tensor) => tf.sum(tf.square(v)))(tf.tensor([1, 2]));
    assert.deepEqual(Array.from(grads.dataSync()), [2, 4]);
    grads.dispose();
    assert.ok(tf.memory().numTensors <= before + 1);
  });
});
