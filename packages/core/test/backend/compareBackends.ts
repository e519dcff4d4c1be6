import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
// tfjs-core's Node bundle registers no gradients; tfjs-layers' bundle registers them all.
import '@tensorflow/tfjs-layers';
import assert from 'node:assert/strict';

/** Fresh random values in [-1, 1) without exact zeros. */
export function randomValues(size: number): Float32Array {
  const v = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    let r = Math.random() * 2 - 1;
    if (r === 0) r = 0.5;
    v[i] = r;
  }
  return v;
}

export interface Input {
  shape: number[];
  values: Float32Array;
}

export function randomInput(shape: number[]): Input {
  return { shape, values: randomValues(shape.reduce((a, b) => a * b, 1)) };
}

/** Runs `f` on the same inputs on a backend, returns its outputs as plain arrays. */
export async function runOn(
  backend: 'cpu' | 'wasm',
  inputs: Input[],
  f: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
): Promise<{ shape: number[]; values: Float32Array }[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const xs = inputs.map((i) => tf.tensor(i.values, i.shape));
    const out = f(...xs);
    const outs = Array.isArray(out) ? out : [out];
    return outs.map((o) => ({ shape: o.shape, values: o.dataSync() as Float32Array }));
  });
}

/** max |a − b| / max |ref| over all outputs. */
export function relativeError(ref: { values: Float32Array }, got: { values: Float32Array }): number {
  let maxRef = 0;
  let maxDiff = 0;
  for (let i = 0; i < ref.values.length; i++) {
    maxRef = Math.max(maxRef, Math.abs(ref.values[i]));
    maxDiff = Math.max(maxDiff, Math.abs(ref.values[i] - got.values[i]));
  }
  return maxRef === 0 ? maxDiff : maxDiff / maxRef;
}

/** Computes `f` on cpu (reference) and on wasm and asserts they agree to `tol` relative error. */
export async function assertWasmMatchesCpu(
  label: string,
  inputs: Input[],
  f: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
  tol = 1e-4,
): Promise<void> {
  const ref = await runOn('cpu', inputs, f);
  const got = await runOn('wasm', inputs, f);
  assert.equal(got.length, ref.length, label);
  for (let k = 0; k < ref.length; k++) {
    assert.deepEqual(got[k].shape, ref[k].shape, `${label}: output ${k} shape`);
    const err = relativeError(ref[k], got[k]);
    assert.ok(err < tol, `${label}: output ${k} relative error ${err}`);
  }
}
