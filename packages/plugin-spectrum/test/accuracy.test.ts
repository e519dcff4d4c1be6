import assert from 'node:assert/strict';
import { before, test, type TestContext } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { selectBackend } from '@gancond/core';
import { probeSpectra, rankTolerance } from '../src/index';
import {
  batchNormInference64,
  centralDifferenceJacobian,
  compareSpectra,
  conv2dTransposeSame64,
  dense64,
  denseTanhJacobian64,
  orthonormalColumns,
  squaredSingularValues,
} from './helpers/reference64';
import { latentPoints, randomizeWeights, TEST_SEED, testStream, weight } from './helpers/randomModels';

/** The target: relative error below 1e-4 for eigenvalues above 1e-6 of the largest. */
const RTOL = 1e-4;
const FLOOR = 1e-6;

before(async () => {
  await selectBackend('wasm');
});

function assertSpectraMatch(t: TestContext, actual: number[][], expected: number[][], label: string): void {
  let worst = 0;
  for (let b = 0; b < expected.length; b++) {
    const r = compareSpectra(actual[b], expected[b], RTOL, FLOOR);
    assert.ok(r.compared > 0, `${label}: no eigenvalue compared at point ${b}`);
    assert.deepEqual(r.failures, [], `${label}, point ${b} (SPECTRUM_TEST_SEED=${TEST_SEED})`);
    worst = Math.max(worst, r.worst);
  }
  t.diagnostic(`${label}: worst relative eigenvalue error ${worst.toExponential(2)}`);
}

test('dense + tanh generator: eigenvalues match the analytic float64 Jacobian, in forward and reverse mode', async (t) => {
  const d = 6;
  const hidden = 16;
  const n = 20;
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ name: 'acc_d1', inputShape: [d], units: hidden, activation: 'tanh' }),
      tfl.layers.dense({ name: 'acc_d2', units: n, activation: 'tanh' }),
      tfl.layers.reshape({ targetShape: [4, 5, 1] }),
    ],
  });
  const w = randomizeWeights(model, testStream('dense'), (name, shape) => (name.endsWith('kernel') ? 1.5 / Math.sqrt(shape[0]) : 0.3));
  const points = 8;
  const { z32, rows64 } = latentPoints(testStream('dense-z'), points, d);
  const expected = rows64.map((z) =>
    squaredSingularValues(denseTanhJacobian64(z, weight(w, 'acc_d1', 'kernel'), weight(w, 'acc_d1', 'bias'), weight(w, 'acc_d2', 'kernel'), weight(w, 'acc_d2', 'bias')), n, d),
  );

  const z = tf.tensor2d(z32, [points, d]);
  const before = tf.memory().numTensors;
  for (const mode of ['forward', 'reverse'] as const) {
    // rowsPerPass 20 puts 3 points in a forward pass and 1 in a reverse pass: chunking is exercised too.
    const probe = await probeSpectra(model, z, { mode, rowsPerPass: 20 });
    assert.equal(probe.mode, mode);
    assert.equal(probe.outputSize, n);
    assertSpectraMatch(
      t,
      probe.points.map((p) => p.eigenvalues),
      expected,
      `dense+tanh ${mode}`,
    );
    for (const p of probe.points) {
      assert.equal(p.rankDeficient, false);
      const e = p.eigenvalues;
      assert.ok(Math.abs((p.logCond as number) - Math.log(e[0] / e[d - 1])) < 1e-9);
      assert.ok(Math.abs((p.logDet as number) - e.reduce((s, v) => s + Math.log(v), 0)) < 1e-9);
    }
  }
  assert.equal(tf.memory().numTensors, before, 'probeSpectra leaks no tensors');
  z.dispose();
  model.dispose();
});

test('conv generator with batch norm in inference mode: eigenvalues match central differences of a float64 re-statement', async (t) => {
  const d = 5;
  const model = tfl.sequential({
    layers: [
      tfl.layers.dense({ name: 'cg_dense', inputShape: [d], units: 3 * 3 * 4 }),
      tfl.layers.reshape({ targetShape: [3, 3, 4] }),
      tfl.layers.batchNormalization({ name: 'cg_bn' }),
      tfl.layers.reLU(),
      tfl.layers.conv2dTranspose({ name: 'cg_ct1', filters: 3, kernelSize: 3, strides: 2, padding: 'same' }),
      tfl.layers.activation({ activation: 'tanh' }),
      tfl.layers.conv2dTranspose({ name: 'cg_ct2', filters: 1, kernelSize: 4, strides: 2, padding: 'same' }),
      tfl.layers.activation({ activation: 'tanh' }),
    ],
  });
  const w = randomizeWeights(model, testStream('conv'), (name, shape) => {
    if (name.endsWith('kernel')) return 1.2 / Math.sqrt(shape.length === 2 ? shape[0] : shape[0] * shape[1] * shape[3]);
    return name.includes('gamma') ? 1 : 0.3;
  });
  const g = (name: string, param: string) => weight(w, name, param);
  const generate64 = (z: Float64Array): Float64Array => {
    const h = dense64(z, g('cg_dense', 'kernel'), g('cg_dense', 'bias'));
    const bn = batchNormInference64(h, 4, g('cg_bn', 'gamma'), g('cg_bn', 'beta'), g('cg_bn', 'moving_mean'), g('cg_bn', 'moving_variance'));
    const x1 = { h: 3, w: 3, c: 4, data: bn.map((v) => Math.max(v, 0)) };
    const y1 = conv2dTransposeSame64(x1, g('cg_ct1', 'kernel'), 3, 3, 2, g('cg_ct1', 'bias'));
    const x2 = { ...y1, data: y1.data.map(Math.tanh) };
    const y2 = conv2dTransposeSame64(x2, g('cg_ct2', 'kernel'), 4, 1, 2, g('cg_ct2', 'bias'));
    return y2.data.map(Math.tanh);
  };
  const points = 6;
  const n = 12 * 12;
  const { z32, rows64 } = latentPoints(testStream('conv-z'), points, d);
  const z = tf.tensor2d(z32, [points, d]);

  // The float64 re-statement computes what the model computes (else the reference means nothing).
  const forward32 = tf.tidy(() => model.predict(z) as tf.Tensor).dataSync();
  rows64.forEach((row, b) => {
    const y = generate64(row);
    for (let i = 0; i < n; i++) assert.ok(Math.abs(y[i] - forward32[b * n + i]) < 2e-5, `forward mismatch at point ${b}, output ${i}`);
  });

  const expected = rows64.map((row) => squaredSingularValues(centralDifferenceJacobian(generate64, row, 1e-6), n, d));
  const probe = await probeSpectra(model, z);
  assert.equal(probe.mode, 'forward', 'd = 5 < n = 144: forward mode is the cheaper');
  assertSpectraMatch(
    t,
    probe.points.map((p) => p.eigenvalues),
    expected,
    'conv generator',
  );
  z.dispose();
  model.dispose();
});

test('linear generator with prescribed singular values over three decades: λ = s² down to 1e-6 λ_max', async (t) => {
  const d = 8;
  const n = 30;
  const stream = testStream('linear');
  // W = U diag(s) Vᵀ, s from 1 down to 1e-3 (λ from 1 down to 1e-6).
  const s = Array.from({ length: d }, (_, i) => 10 ** (-3 * (i / (d - 1))));
  const u = orthonormalColumns(n, d, () => stream.normal());
  const v = orthonormalColumns(d, d, () => stream.normal());
  const kernel = new Float32Array(d * n); // tfjs dense kernel [d, n] = Wᵀ
  for (let o = 0; o < n; o++) {
    for (let i = 0; i < d; i++) {
      let sum = 0;
      for (let k = 0; k < d; k++) sum += u[o * d + k] * s[k] * v[i * d + k];
      kernel[i * n + o] = sum;
    }
  }
  const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [d], units: n, useBias: false })] });
  const kernelTensor = tf.tensor2d(kernel, [d, n]);
  model.setWeights([kernelTensor]);
  kernelTensor.dispose();

  // Reference: the singular values of the float32 W the model holds (Wᵀ's rows are W's columns).
  const w64 = new Float64Array(n * d);
  for (let o = 0; o < n; o++) for (let i = 0; i < d; i++) w64[o * d + i] = kernel[i * n + o];
  const expected = squaredSingularValues(w64, n, d);
  expected.forEach((value, i) => assert.ok(Math.abs(value - s[i] ** 2) < 1e-5 * s[i] ** 2 + 1e-12, `float32 W keeps s_${i}`));

  const { z32 } = latentPoints(testStream('linear-z'), 4, d);
  const z = tf.tensor2d(z32, [4, d]);
  const probe = await probeSpectra(model, z);
  assertSpectraMatch(
    t,
    probe.points.map((p) => p.eigenvalues),
    probe.points.map(() => expected),
    'linear',
  );
  const logCond = Math.log(expected[0] / expected[d - 1]);
  for (const p of probe.points) assert.ok(Math.abs((p.logCond as number) - logCond) < 1e-3, `logCond ${p.logCond} vs ${logCond}`);
  assert.ok(Math.abs((probe.summary.logCond?.mean as number) - logCond) < 1e-3);
  assert.ok((probe.summary.logCond?.std as number) < 1e-3, 'a linear generator has the same spectrum everywhere');
  z.dispose();
  model.dispose();
});

test('a generator that ignores a latent coordinate is reported rank deficient, with no NaN and no log of 0', async (t) => {
  const d = 4;
  const n = 12;
  const model = tfl.sequential({
    layers: [tfl.layers.dense({ name: 'rd_d1', inputShape: [d], units: n, activation: 'tanh' })],
  });
  randomizeWeights(model, testStream('rank'), () => 0.7);
  const [kernel, bias] = model.getWeights();
  const mask = tf.tensor2d([1, 1, 0, 1], [d, 1]); // latent coordinate 2 has no effect
  const masked = tf.mul(kernel, mask);
  model.setWeights([masked, bias]);
  tf.dispose([mask, masked]);

  const { z32 } = latentPoints(testStream('rank-z'), 5, d);
  const z = tf.tensor2d(z32, [5, d]);
  const probe = await probeSpectra(model, z);
  for (const p of probe.points) {
    assert.equal(p.rankDeficient, true);
    assert.equal(p.rank, d - 1);
    assert.equal(p.logCond, null);
    assert.equal(p.logDet, null);
    assert.equal(p.condition, null);
    assert.ok(p.eigenvalues[d - 1] <= rankTolerance(d, n) * p.eigenvalues[0], `λ_min ${p.eigenvalues[d - 1]} is rounding noise`);
    assert.ok(p.eigenvalues.every((e) => Number.isFinite(e) && e >= 0));
  }
  assert.equal(probe.summary.rankDeficient, 5);
  assert.equal(probe.summary.logCond, null);
  assert.doesNotMatch(JSON.stringify(probe), /NaN|Infinity/);
  z.dispose();
  model.dispose();
});
