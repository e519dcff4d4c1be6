import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { loadNativeKernels, type ConvShape } from '../src/index';

// 48 images: 150k activations, enough for batch norm to use both threads too.
const SHAPE: ConvShape = { N: 48, H: 14, W: 14, Ci: 16, KH: 5, KW: 5, Co: 32, sh: 2, sw: 2, pt: 1, pl: 1, Ho: 7, Wo: 7 };
const sizes = { x: 48 * 14 * 14 * 16, f: 5 * 5 * 16 * 32, y: 48 * 7 * 7 * 32 };

/**
 * Worker body: runs conv2d and batch norm `rounds` times on 2 threads on its own inputs and
 * posts the outputs. The thread pool is one per process, shared by every caller.
 */
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { loadNativeKernels } = require(workerData.modulePath);
const k = loadNativeKernels().kernels;
const { shape, x, f, rounds } = workerData;
const y = new Float32Array(workerData.ySize), bn = new Float32Array(x.length);
const mean = new Float32Array(shape.Ci), variance = new Float32Array(shape.Ci), gamma = new Float32Array(shape.Ci).fill(1.5), beta = new Float32Array(shape.Ci).fill(0.25);
for (let i = 0; i < rounds; i++) {
  k.conv2d(shape, x, f, y, 2);
  k.batchNormForward({ rows: x.length / shape.Ci, C: shape.Ci, epsilon: 1e-3 }, { x, gamma, beta }, { y: bn, mean, variance }, 2);
}
parentPort.postMessage({ y, bn });
`;

function run(x: Float32Array, f: Float32Array) {
  const k = loadNativeKernels();
  assert.ok(k.ok, k.ok ? '' : k.reason);
  const y = new Float32Array(sizes.y);
  const bn = new Float32Array(x.length);
  k.kernels.conv2d(SHAPE, x, f, y, 1);
  const C = SHAPE.Ci;
  k.kernels.batchNormForward(
    { rows: x.length / C, C, epsilon: 1e-3 },
    { x, gamma: new Float32Array(C).fill(1.5), beta: new Float32Array(C).fill(0.25) },
    { y: bn, mean: new Float32Array(C), variance: new Float32Array(C) },
    1,
  );
  return { y, bn };
}

test('callers on several threads at once (worker_threads) share the thread pool and get exact results', async () => {
  const random = (n: number) => Float32Array.from({ length: n }, () => Math.random() * 2 - 1);
  const inputs = Array.from({ length: 3 }, () => ({ x: random(sizes.x), f: random(sizes.f) }));
  const modulePath = require.resolve('../src/index');
  const results = await Promise.all(
    inputs.map(
      ({ x, f }) =>
        new Promise<{ y: Float32Array; bn: Float32Array }>((resolve, reject) => {
          const worker = new Worker(WORKER, { eval: true, workerData: { modulePath, shape: SHAPE, x, f, rounds: 200, ySize: sizes.y } });
          worker.once('message', resolve);
          worker.once('error', reject);
        }),
    ),
  );
  results.forEach((got, i) => {
    const want = run(inputs[i].x, inputs[i].f);
    assert.deepEqual(got.y, want.y, `worker ${i}: conv2d`);
    assert.deepEqual(got.bn, want.bn, `worker ${i}: batch norm`);
  });
});
