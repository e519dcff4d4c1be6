import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadNativeKernels, type AdamSettings, type AdamState, type NativeKernels } from '../src/index';

function kernels(): NativeKernels {
  const load = loadNativeKernels();
  assert.ok(load.ok, load.ok ? '' : load.reason);
  return load.kernels;
}

const random = (n: number, scale = 1) => Float32Array.from({ length: n }, () => (Math.random() * 2 - 1) * scale);
const emptyState = (n: number): AdamState => ({ value: new Float32Array(n), m: new Float32Array(n), v: new Float32Array(n) });

type Hyper = Omit<AdamSettings, 'oneMinusAccBeta1' | 'oneMinusAccBeta2'>;

/**
 * Checks one step t (from 1) against Adam's definition in float64: each moment to float32
 * rounding of its two terms (they may cancel), and the new value as the definition makes it
 * from the kernel's own moments, to float32 rounding.
 */
function checkStep(h: Hyper, t: number, state: AdamState, g: Float32Array, updated: AdamState): string | undefined {
  const ulps = 2 ** -22; // two float32 units in the last place, relative
  for (let i = 0; i < g.length; i++) {
    const [m1, m2] = [h.beta1 * state.m[i], (1 - h.beta1) * g[i]];
    const [v1, v2] = [h.beta2 * state.v[i], (1 - h.beta2) * g[i] * g[i]];
    const step = (h.learningRate * (updated.m[i] / (1 - h.beta1 ** t))) / (Math.sqrt(updated.v[i] / (1 - h.beta2 ** t)) + h.epsilon);
    const value = state.value[i] - step;
    if (Math.abs(updated.m[i] - (m1 + m2)) > ulps * (Math.abs(m1) + Math.abs(m2))) return `m[${i}] ${updated.m[i]} vs ${m1 + m2}`;
    if (Math.abs(updated.v[i] - (v1 + v2)) > ulps * (v1 + v2)) return `v[${i}] ${updated.v[i]} vs ${v1 + v2}`;
    if (Math.abs(updated.value[i] - value) > 4 * ulps * Math.abs(step) + ulps * Math.abs(value)) return `value[${i}] ${updated.value[i]} vs ${value}`;
  }
  return undefined;
}

test('adamUpdate follows the float64 definition over several steps (GAN and default betas)', () => {
  const k = kernels();
  for (const hyper of [
    { learningRate: 2e-4, beta1: 0.5, beta2: 0.999, epsilon: 1e-7 },
    { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 },
  ]) {
    const n = 150_001; // both threads, a length off every chunk and vector width
    let state: AdamState = { value: random(n), m: new Float32Array(n), v: new Float32Array(n) };
    for (let t = 1; t <= 4; t++) {
      const g = random(n, 10 ** (Math.random() * 4 - 3));
      const updated = emptyState(n);
      k.adamUpdate({ ...hyper, oneMinusAccBeta1: 1 - hyper.beta1 ** t, oneMinusAccBeta2: 1 - hyper.beta2 ** t }, state, g, updated, 2);
      const problem = checkStep(hyper, t, state, g, updated);
      assert.equal(problem, undefined, `beta1 ${hyper.beta1}, step ${t}: ${problem}`);
      state = updated;
    }
  }
});

test('adamUpdate gives the same bits for 1, 2 and 7 threads and refuses arrays of different lengths', () => {
  const k = kernels();
  const n = 300_000;
  const state = { value: random(n), m: random(n, 1e-3), v: random(n, 1e-6).map(Math.abs) };
  const g = random(n);
  const settings = { learningRate: 2e-4, beta1: 0.5, beta2: 0.999, epsilon: 1e-7, oneMinusAccBeta1: 0.75, oneMinusAccBeta2: 0.001999 };
  const run = (threads: number) => {
    const updated = emptyState(n);
    k.adamUpdate(settings, state, g, updated, threads);
    return updated;
  };
  const one = run(1);
  for (const threads of [2, 7]) assert.deepEqual(run(threads), one, `${threads} threads`);
  assert.throws(() => k.adamUpdate(settings, state, g.subarray(1), emptyState(n)), /value: 300000 values, expected 299999 \(as gradient\)|300000 values, expected 299999/);
});
