import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { buildDcganMnist, selectBackend } from '@gancond/core';
import { inferenceGenerator, jacobianColumns } from '../src/index';
import { latentPoints, TEST_SEED, testStream } from './helpers/randomModels';

/** Largest |a - b| relative to the largest |b|. */
function relativeMaxDiff(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return diff / scale;
}

test('reference DCGAN generator: forward-mode (double backward) and reverse-mode Jacobians agree, on wasm and on cpu', async () => {
  await selectBackend('wasm');
  let seed = 1;
  const { generator, discriminator } = buildDcganMnist({ latentDim: 8, width: 8, imageShape: [28, 28, 1], nextSeed: () => seed++, tf, tfl });
  discriminator.dispose();
  // Non-trivial batch-norm statistics, so that inference mode differs from an identity.
  const stream = testStream('dcgan-bn');
  const weights = generator.weights.map((w) => {
    const shape = w.shape as number[];
    const values = w.read().dataSync() as Float32Array;
    if (/moving_mean|beta/.test(w.originalName)) return tf.tensor(stream.fillNormal(values.length).map((v) => 0.2 * v), shape);
    if (/moving_variance|gamma/.test(w.originalName)) return tf.tensor(stream.fillNormal(values.length).map((v) => 0.5 + Math.abs(v)), shape);
    return tf.tensor(values, shape);
  });
  generator.setWeights(weights);
  tf.dispose(weights);

  const points = 3;
  const n = 28 * 28;
  const { z32 } = latentPoints(testStream('dcgan-z'), points, 8);
  const g = inferenceGenerator(generator);
  const columns = async (mode: 'forward' | 'reverse') => {
    const z = tf.tensor2d(z32, [points, 8]);
    const j = jacobianColumns(g, z, n, mode);
    const values = (await j.data()) as Float32Array;
    tf.dispose([z, j]);
    return values;
  };

  const wasmForward = await columns('forward');
  const wasmReverse = await columns('reverse');
  assert.ok(wasmForward.some((v) => v !== 0));
  assert.ok(relativeMaxDiff(wasmForward, wasmReverse) < 1e-5, `wasm forward vs reverse: ${relativeMaxDiff(wasmForward, wasmReverse)} (SPECTRUM_TEST_SEED=${TEST_SEED})`);

  await selectBackend('cpu');
  const cpuForward = await columns('forward');
  const cpuReverse = await columns('reverse');
  assert.ok(relativeMaxDiff(cpuForward, cpuReverse) < 1e-5, `cpu forward vs reverse: ${relativeMaxDiff(cpuForward, cpuReverse)}`);
  assert.ok(relativeMaxDiff(wasmForward, cpuForward) < 1e-4, `wasm vs cpu: ${relativeMaxDiff(wasmForward, cpuForward)}`);
  generator.dispose();
});
