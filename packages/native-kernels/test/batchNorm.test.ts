import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadNativeKernels, type BatchNormShape, type NativeKernels } from '../src/index';

function kernels(): NativeKernels {
  const load = loadNativeKernels();
  assert.ok(load.ok, load.ok ? '' : load.reason);
  return load.kernels;
}

const normal = () => Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
/** Columns with their own offsets and spreads, so centring matters. */
const activations = (rows: number, C: number) => {
  const offset = Array.from({ length: C }, () => 3 * normal());
  const spread = Array.from({ length: C }, () => 0.1 + Math.random() * 2);
  return Float32Array.from({ length: rows * C }, (_, i) => offset[i % C] + spread[i % C] * normal());
};
const randoms = (n: number) => Float32Array.from({ length: n }, normal);

/** Float64 forward pass by the definition: mean, biased variance, normalized output. */
function forward(s: BatchNormShape, x: ArrayLike<number>, gamma: ArrayLike<number>, beta: ArrayLike<number>) {
  const mean = new Float64Array(s.C);
  const variance = new Float64Array(s.C);
  for (let i = 0; i < s.rows * s.C; i++) mean[i % s.C] += x[i] / s.rows;
  for (let i = 0; i < s.rows * s.C; i++) variance[i % s.C] += (x[i] - mean[i % s.C]) ** 2 / s.rows;
  const y = Float64Array.from({ length: s.rows * s.C }, (_, i) => {
    const c = i % s.C;
    return ((x[i] - mean[c]) / Math.sqrt(variance[c] + s.epsilon)) * gamma[c] + beta[c];
  });
  return { y, mean, variance };
}

/** sum(dy * y) + sum(dmean * mean) + sum(dvariance * variance): the loss whose gradients backward gives. */
function loss(s: BatchNormShape, x: ArrayLike<number>, gamma: ArrayLike<number>, beta: ArrayLike<number>, d: { dy: Float32Array; dmean: Float32Array; dvariance: Float32Array }) {
  const { y, mean, variance } = forward(s, x, gamma, beta);
  let total = 0;
  y.forEach((v, i) => (total += v * d.dy[i]));
  for (let c = 0; c < s.C; c++) total += mean[c] * d.dmean[c] + variance[c] * d.dvariance[c];
  return total;
}

/** Float64 central difference of the loss along one coordinate of `which`. */
function centralDifference(s: BatchNormShape, args: { x: Float32Array; gamma: Float32Array; beta: Float32Array }, which: 'x' | 'gamma' | 'beta', i: number, d: Parameters<typeof loss>[4]) {
  const h = 1e-5;
  const at = (delta: number) => {
    const moved = { x: Float64Array.from(args.x), gamma: Float64Array.from(args.gamma), beta: Float64Array.from(args.beta) };
    moved[which][i] += delta;
    return loss(s, moved.x, moved.gamma, moved.beta, d);
  };
  return (at(h) - at(-h)) / (2 * h);
}

function assertClose(got: number, want: number, scale: number, what: string) {
  assert.ok(Math.abs(got - want) <= 2e-4 * scale, `${what}: ${got} vs float64 ${want} (scale ${scale})`);
}

const maxAbs = (a: ArrayLike<number>) => Array.from(a).reduce((m, v) => Math.max(m, Math.abs(v)), 0);

// One row (variance 0), a few, a column count off every vector width, the DCGAN's two layers' shapes scaled down.
const SHAPES: BatchNormShape[] = [
  { rows: 1, C: 3, epsilon: 1e-3 },
  { rows: 5, C: 7, epsilon: 1e-3 },
  { rows: 37, C: 19, epsilon: 1e-5 },
  { rows: 300, C: 32, epsilon: 1e-3 },
  { rows: 9, C: 784, epsilon: 1e-3 },
];

test('batchNormForward matches the float64 definition', () => {
  const k = kernels();
  for (const s of SHAPES) {
    const [x, gamma, beta] = [activations(s.rows, s.C), randoms(s.C), randoms(s.C)];
    const out = { y: new Float32Array(s.rows * s.C), mean: new Float32Array(s.C), variance: new Float32Array(s.C) };
    k.batchNormForward(s, { x, gamma, beta }, out, 2);
    const want = forward(s, x, gamma, beta);
    const label = `${s.rows}x${s.C}`;
    out.mean.forEach((m, c) => assertClose(m, want.mean[c], 1e-2 + maxAbs(want.mean), `${label} mean[${c}]`));
    out.variance.forEach((v, c) => assertClose(v, want.variance[c], 1e-2 * maxAbs(want.variance) + 1e-6, `${label} variance[${c}]`));
    out.y.forEach((v, i) => assertClose(v, want.y[i], maxAbs(want.y), `${label} y[${i}]`));
  }
});

test('batchNormBackward matches float64 central differences of the forward definition', () => {
  const k = kernels();
  for (const s of SHAPES) {
    const args = { x: activations(s.rows, s.C), gamma: randoms(s.C), beta: randoms(s.C) };
    const stats = { mean: new Float32Array(s.C), variance: new Float32Array(s.C) };
    k.batchNormForward(s, args, { y: new Float32Array(s.rows * s.C), ...stats });
    const d = { dy: randoms(s.rows * s.C), dmean: randoms(s.C), dvariance: randoms(s.C) };
    const grads = { dx: new Float32Array(s.rows * s.C), dgamma: new Float32Array(s.C), dbeta: new Float32Array(s.C) };
    k.batchNormBackward(s, { ...d, x: args.x, gamma: args.gamma, ...stats }, grads, 2);
    const label = `${s.rows}x${s.C}`;
    const scale = maxAbs(grads.dx) + maxAbs(grads.dgamma) + maxAbs(grads.dbeta);
    // Every coordinate of small cases; 150 random ones of the large.
    const pick = (n: number) => (n <= 150 ? Array.from({ length: n }, (_, i) => i) : Array.from({ length: 150 }, () => Math.floor(Math.random() * n)));
    for (const i of pick(s.rows * s.C)) assertClose(grads.dx[i], centralDifference(s, args, 'x', i, d), scale, `${label} dx[${i}]`);
    for (const c of pick(s.C)) {
      assertClose(grads.dgamma[c], centralDifference(s, args, 'gamma', c, d), scale, `${label} dgamma[${c}]`);
      assertClose(grads.dbeta[c], centralDifference(s, args, 'beta', c, d), scale, `${label} dbeta[${c}]`);
    }
  }
});

test('batch norm results are the same bits for 1, 2, 7 and 100 threads', () => {
  const k = kernels();
  const s = { rows: 1000, C: 24, epsilon: 1e-3 };
  const [x, gamma, beta, dy, dmean, dvariance] = [activations(s.rows, s.C), randoms(s.C), randoms(s.C), randoms(s.rows * s.C), randoms(s.C), randoms(s.C)];
  const run = (threads: number) => {
    const out = { y: new Float32Array(s.rows * s.C), mean: new Float32Array(s.C), variance: new Float32Array(s.C) };
    k.batchNormForward(s, { x, gamma, beta }, out, threads);
    const grads = { dx: new Float32Array(s.rows * s.C), dgamma: new Float32Array(s.C), dbeta: new Float32Array(s.C) };
    k.batchNormBackward(s, { dy, x, gamma, mean: out.mean, variance: out.variance, dmean, dvariance }, grads, threads);
    return [out.y, out.mean, out.variance, grads.dx, grads.dgamma, grads.dbeta];
  };
  const one = run(1);
  for (const threads of [2, 7, 100]) run(threads).forEach((a, i) => assert.deepEqual(a, one[i], `${threads} threads, output ${i}`));
});

test('batch norm refuses arrays shorter than the shape and empty shapes', () => {
  const k = kernels();
  const s = { rows: 4, C: 3, epsilon: 1e-3 };
  const inputs = { x: randoms(12), gamma: randoms(3), beta: randoms(2) };
  const outputs = { y: new Float32Array(12), mean: new Float32Array(3), variance: new Float32Array(3) };
  assert.throws(() => k.batchNormForward(s, inputs, outputs), /beta: 2 values, expected at least 3/);
  assert.throws(() => k.batchNormForward({ ...s, rows: 0 }, { ...inputs, beta: randoms(3) }, outputs), /at least one row/);
});
