import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { RandomStream, selectBackend } from '@gancond/core';
import { jacobianClampPenalty, rowNorms } from '../src/index';
import { gaussianMatrix, linear64, orthonormalColumns, referenceDelta, referencePenalty } from './helpers/reference';

// Small dense problems: the cpu backend computes them exactly enough and fast.
before(async () => void (await selectBackend('cpu')));

const BATCH = 7;
const DIM = 5;
const OUT = 12;
const GRANULARITIES = ['per-example', 'per-batch'] as const;

const stream = (seed: string) => new RandomStream(seed);
const normals = (seed: string) => {
  const s = stream(seed);
  return () => s.normal();
};

/** G(z) = z Wᵀ for a row-major n x d W: the linear generator x = W z on a batch. */
const linearGenerator = (w: tf.Tensor) => (z: tf.Tensor2D) => tf.matMul(z, w as tf.Tensor2D, false, true);

function latents(seed: string): { values: Float64Array; tensor: tf.Tensor2D } {
  const values = gaussianMatrix(BATCH, DIM, normals(seed));
  return { values, tensor: tf.tensor2d(Float32Array.from(values), [BATCH, DIM]) };
}

function assertClose(actual: number, expected: number, relative: number, what: string) {
  assert.ok(Math.abs(actual - expected) <= relative * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
}

test('G(z) = c·(orthogonal) z: Q = c for every δ and the penalty has its closed form below, inside and above the band', () => {
  const lambdaMin = 1.5;
  const lambdaMax = 20;
  const orthogonal = orthonormalColumns(OUT, DIM, normals('orthogonal'));
  const z = latents('z-closed-form');
  const cases = [
    { c: 0.37, expected: (0.37 - lambdaMin) ** 2 },
    { c: 6.2, expected: 0 },
    { c: 27.5, expected: (27.5 - lambdaMax) ** 2 },
  ];
  for (const granularity of GRANULARITIES) {
    for (const [i, { c, expected }] of cases.entries()) {
      const w = tf.tensor2d(Float32Array.from(orthogonal, (v) => c * v), [OUT, DIM]);
      const options = { epsilon: 0.8, lambdaMin, lambdaMax, granularity };
      const { penalty, q } = jacobianClampPenalty(linearGenerator(w), z.tensor, options, stream(`delta-${granularity}-${i}`));
      assert.equal(q.shape[0], granularity === 'per-example' ? BATCH : 1);
      for (const qi of q.dataSync()) assertClose(qi, c, 1e-4, `${granularity} Q at c = ${c}`);
      assertClose(penalty.dataSync()[0], expected, 1e-4, `${granularity} penalty at c = ${c}`);
      tf.dispose([w, penalty, q]);
    }
  }
  z.tensor.dispose();
});

test('a nonlinear generator matches the float64 reference of Algorithm 1, with and without a reused G(z)', () => {
  const w64 = gaussianMatrix(OUT, DIM, normals('w-nonlinear'));
  const bias = gaussianMatrix(1, OUT, normals('b-nonlinear'));
  const tanh64 = (latent: Float64Array) => linear64(w64, OUT, DIM)(latent).map((v, i) => Math.tanh(v + bias[i]));
  const w = tf.tensor2d(Float32Array.from(w64), [OUT, DIM]);
  const b = tf.tensor1d(Float32Array.from(bias));
  const generate = (z: tf.Tensor2D) => tf.tanh(tf.add(tf.matMul(z, w, false, true), b));
  const z = latents('z-nonlinear');
  for (const granularity of GRANULARITIES) {
    const options = { epsilon: 0.3, lambdaMin: 0.9, lambdaMax: 1.1, granularity };
    const delta = referenceDelta(normals(`d-${granularity}`), BATCH, DIM, options.epsilon, granularity === 'per-example');
    const expected = referencePenalty(tanh64, z.values, delta, BATCH, DIM, options.lambdaMin, options.lambdaMax, granularity === 'per-example');
    assert.ok(expected.penalty > 0.05, `the case exercises the clamp: Q = ${expected.q}`);
    const gz = generate(z.tensor);
    for (const reused of [undefined, gz]) {
      const { penalty, q } = jacobianClampPenalty(generate, z.tensor, options, stream(`d-${granularity}`), reused);
      assertClose(penalty.dataSync()[0], expected.penalty, 2e-4, `${granularity} penalty (G(z) ${reused ? 'reused' : 'computed'})`);
      [...q.dataSync()].forEach((qi, i) => assertClose(qi, expected.q[i], 2e-4, `${granularity} Q[${i}]`));
      tf.dispose([penalty, q]);
    }
    gz.dispose();
  }
  tf.dispose([w, b, z.tensor]);
});

test('the gradient of the penalty with respect to W matches central differences of the float64 reference', () => {
  const w64 = gaussianMatrix(OUT, DIM, normals('w-gradient')).map((v) => 0.9 * v);
  const z = latents('z-gradient');
  for (const granularity of GRANULARITIES) {
    const perExample = granularity === 'per-example';
    const epsilon = 0.5;
    const delta = referenceDelta(normals(`g-${granularity}`), BATCH, DIM, epsilon, perExample);
    const penaltyWith = (w: Float64Array, lambdaMin: number, lambdaMax: number) =>
      referencePenalty(linear64(w, OUT, DIM), z.values, delta, BATCH, DIM, lambdaMin, lambdaMax, perExample);
    // A band through the middle of the Q values, so examples fall on both sides of it (per-example),
    // or just under the single Q (per-batch).
    const q = penaltyWith(w64, 0, 1).q.sort((a, b) => a - b);
    const lambdaMin = perExample ? (q[1] + q[2]) / 2 : 0.5 * q[0];
    const lambdaMax = perExample ? (q[4] + q[5]) / 2 : 0.8 * q[0];
    const reference = (w: Float64Array) => penaltyWith(w, lambdaMin, lambdaMax);
    const options = { epsilon, lambdaMin, lambdaMax, granularity };

    const analytic = tf.grad((w: tf.Tensor) => jacobianClampPenalty(linearGenerator(w), z.tensor, options, stream(`g-${granularity}`)).penalty);
    const wTensor = tf.tensor2d(Float32Array.from(w64), [OUT, DIM]);
    const gradient = analytic(wTensor);
    const computed = gradient.dataSync();
    const h = 1e-6;
    const numeric = w64.map((_, i) => {
      const plus = Float64Array.from(w64);
      const minus = Float64Array.from(w64);
      plus[i] += h;
      minus[i] -= h;
      return (reference(plus).penalty - reference(minus).penalty) / (2 * h);
    });
    const scale = Math.max(...numeric.map(Math.abs));
    assert.ok(scale > 0.1, `${granularity}: the gradient is not trivially small (${scale})`);
    numeric.forEach((g, i) => assert.ok(Math.abs(computed[i] - g) <= 2e-3 * scale, `${granularity} dP/dW[${i}]: ${computed[i]} vs ${g}`));
    tf.dispose([wTensor, gradient]);
  }
  z.tensor.dispose();
});

test('inside the band the penalty and its gradient are exactly zero', () => {
  const orthogonal = orthonormalColumns(OUT, DIM, normals('orthogonal-inside'));
  const z = latents('z-inside');
  for (const granularity of GRANULARITIES) {
    const w = tf.tensor2d(Float32Array.from(orthogonal, (v) => 3.3 * v), [OUT, DIM]);
    const options = { lambdaMin: 1, lambdaMax: 20, granularity };
    const { value, grad } = tf.valueAndGrad((wt: tf.Tensor) => jacobianClampPenalty(linearGenerator(wt), z.tensor, options, stream('inside')).penalty)(w);
    assert.equal(value.dataSync()[0], 0);
    assert.ok(grad.dataSync().every((g) => g === 0), `${granularity}: gradient ${grad.dataSync()}`);
    tf.dispose([w, value, grad]);
  }
  z.tensor.dispose();
});

test('a generator that ignores its input (Q = 0) gives the penalty λ_min² and a finite gradient, not NaN', () => {
  const z = latents('z-constant');
  const w = tf.variable(tf.zeros([OUT, DIM]));
  const { value, grads } = tf.variableGrads(() => jacobianClampPenalty(linearGenerator(w), z.tensor, { lambdaMin: 1.7 }, stream('constant')).penalty, [w]);
  assertClose(value.dataSync()[0], 1.7 ** 2, 1e-6, 'penalty');
  assert.ok(grads[w.name].dataSync().every(Number.isFinite));
  tf.dispose([z.tensor, w, value, grads[w.name]]);
});

test('rowNorms: values and gradient x/‖x‖ match float64, and a zero row has gradient 0', () => {
  const values = gaussianMatrix(4, 6, normals('rows'));
  values.fill(0, 18, 24);
  const x = tf.tensor2d(Float32Array.from(values), [4, 6]);
  const upstream = [0.3, -1.2, 2.5, 0.7];
  const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => tf.sum(tf.mul(rowNorms(t as tf.Tensor2D), upstream)))(x);
  const gradient = grad.dataSync();
  let total = 0;
  for (let r = 0; r < 4; r++) {
    const row = values.slice(r * 6, r * 6 + 6);
    const norm = Math.hypot(...row);
    total += upstream[r] * norm;
    row.forEach((v, c) => assertClose(gradient[r * 6 + c], norm === 0 ? 0 : (upstream[r] * v) / norm, 1e-5, `d/dx[${r},${c}]`));
  }
  assertClose(value.dataSync()[0], total, 1e-5, 'weighted sum of norms');
  tf.dispose([x, value, grad]);
});

test('δ has norm ε per example or over the batch, so z′ − z does', () => {
  const z = latents('z-norms');
  for (const granularity of GRANULARITIES) {
    let zPrime: tf.Tensor2D | undefined;
    const capture = (input: tf.Tensor2D) => (input === z.tensor ? input : (zPrime = tf.keep(input.clone())));
    const { penalty, q } = jacobianClampPenalty(capture, z.tensor, { epsilon: 0.25, granularity }, stream('norms'));
    const diff = tf.sub(zPrime!, z.tensor);
    const norms = granularity === 'per-example' ? tf.norm(diff, 'euclidean', 1) : tf.norm(diff);
    for (const n of norms.dataSync()) assertClose(n, 0.25, 1e-5, `${granularity} ‖z′ − z‖`);
    tf.dispose([zPrime!, diff, norms, penalty, q]);
  }
  z.tensor.dispose();
});

test('no tensor stays behind once the results are disposed, also under a gradient tape', () => {
  const z = latents('z-leak');
  const w = tf.variable(tf.randomNormal([OUT, DIM], 0, 1, 'float32', 5));
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) {
    const { value, grads } = tf.variableGrads(() => jacobianClampPenalty(linearGenerator(w), z.tensor, { lambdaMax: 1.1 }, stream(`leak-${i}`)).penalty, [w]);
    tf.dispose([value, grads[w.name]]);
  }
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([z.tensor, w]);
});
