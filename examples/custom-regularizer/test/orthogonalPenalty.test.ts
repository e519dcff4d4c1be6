import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@gancond/core';
import { orthogonalPenalty } from '../src/orthogonalPenalty';

const randn = (n: number) => Float64Array.from({ length: n }, () => Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random()));

/** float64 reference: W as [rows, cols], R = Σ_{i≠j} (w_iᵀ w_j)² and dR/dW = 4 W (G ⊙ (1 − I)). */
function reference(w: Float64Array, rows: number, cols: number) {
  const gram = new Float64Array(cols * cols);
  for (let i = 0; i < cols; i++) for (let j = 0; j < cols; j++) for (let r = 0; r < rows; r++) gram[i * cols + j] += w[r * cols + i] * w[r * cols + j];
  let value = 0;
  for (let i = 0; i < cols; i++) for (let j = 0; j < cols; j++) if (i !== j) value += gram[i * cols + j] ** 2;
  const grad = new Float64Array(rows * cols);
  for (let r = 0; r < rows; r++) for (let k = 0; k < cols; k++) for (let j = 0; j < cols; j++) if (j !== k) grad[r * cols + k] += 4 * w[r * cols + j] * gram[j * cols + k];
  return { value, grad };
}

test('the penalty and its gradient match the float64 closed form, summed over kernels', async () => {
  await selectBackend('wasm');
  const shapes = [[7, 3], [3, 3, 2, 4]];
  const values = shapes.map((s) => randn(s.reduce((a, b) => a * b, 1)));
  const kernels = shapes.map((s, i) => tf.tensor(Float32Array.from(values[i]), s));
  const expected = shapes.map((s, i) => reference(values[i], values[i].length / s[s.length - 1], s[s.length - 1]));
  const total = expected.reduce((sum, e) => sum + e.value, 0);
  const value = orthogonalPenalty(kernels).dataSync()[0];
  assert.ok(Math.abs(value - total) < 1e-4 * total, `${value} vs ${total}`);
  const grads = tf.grads((...ks: tf.Tensor[]) => orthogonalPenalty(ks))(kernels);
  grads.forEach((g, i) => {
    const got = g.dataSync();
    const want = expected[i].grad;
    const scale = Math.max(...want.map(Math.abs));
    want.forEach((v, k) => assert.ok(Math.abs(got[k] - v) < 1e-4 * scale, `kernel ${i} [${k}]: ${got[k]} vs ${v}`));
  });
});

test('the penalty vanishes for orthonormal and for orthogonal-but-scaled columns', async () => {
  await selectBackend('wasm');
  // Columns of a random rotation (Gram-Schmidt of random vectors), then scaled per column.
  const rows = 6;
  const cols = 4;
  const q: number[][] = [];
  while (q.length < cols) {
    let v = Array.from(randn(rows));
    for (const u of q) {
      const d = v.reduce((s, x, i) => s + x * u[i], 0);
      v = v.map((x, i) => x - d * u[i]);
    }
    const n = Math.hypot(...v);
    q.push(v.map((x) => x / n));
  }
  const scaled = Float32Array.from({ length: rows * cols }, (_, k) => q[k % cols][Math.floor(k / cols)] * (1 + (k % cols)));
  assert.ok(orthogonalPenalty([tf.tensor2d(scaled, [rows, cols])]).dataSync()[0] < 1e-10 * 100);
  assert.ok(orthogonalPenalty([tf.tensor2d(Float32Array.from(randn(rows * cols)), [rows, cols])]).dataSync()[0] > 1e-2);
});
