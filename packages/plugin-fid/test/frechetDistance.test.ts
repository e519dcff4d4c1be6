import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { UserError, symmetricEigen } from '@gancond/core';
import { frechetDistance } from '../src/frechetDistance';
import { readStatisticsFile } from '../src/statisticsFiles';
import { traceSqrtProduct } from '../src/traceSqrtProduct';
import { FIXTURES, assertRelativeClose, gaussian, randomCovariance } from './helpers';
import { Lcg, lcgStatistics } from './lcgStatistics';

const reference = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'fid-reference.json'), 'utf8'));

/** Denman–Beavers iteration Y → (Y + Z⁻¹)/2, Z → (Z + Y⁻¹)/2 for (Σ₁Σ₂)^½: an independent float64 reference. */
function traceSqrtDenmanBeavers(a: Float64Array, b: Float64Array, d: number): number {
  const multiply = (x: Float64Array, y: Float64Array) => {
    const out = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let k = 0; k < d; k++) for (let j = 0; j < d; j++) out[i * d + j] += x[i * d + k] * y[k * d + j];
    return out;
  };
  const inverse = (m: Float64Array) => {
    const w = 2 * d;
    const aug = new Float64Array(d * w);
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) aug[i * w + j] = m[i * d + j];
      aug[i * w + d + i] = 1;
    }
    for (let c = 0; c < d; c++) {
      let pivot = c;
      for (let r = c + 1; r < d; r++) if (Math.abs(aug[r * w + c]) > Math.abs(aug[pivot * w + c])) pivot = r;
      for (let j = 0; j < w; j++) [aug[c * w + j], aug[pivot * w + j]] = [aug[pivot * w + j], aug[c * w + j]];
      const p = aug[c * w + c];
      for (let j = 0; j < w; j++) aug[c * w + j] /= p;
      for (let r = 0; r < d; r++) {
        if (r === c) continue;
        const f = aug[r * w + c];
        for (let j = 0; j < w; j++) aug[r * w + j] -= f * aug[c * w + j];
      }
    }
    const out = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) out[i * d + j] = aug[i * w + d + j];
    return out;
  };
  let y = multiply(a, b);
  let z = new Float64Array(d * d);
  for (let i = 0; i < d; i++) z[i * d + i] = 1;
  for (let iteration = 0; iteration < 60; iteration++) {
    const yInv = inverse(y);
    const zInv = inverse(z);
    y = y.map((v, i) => (v + zInv[i]) / 2);
    z = z.map((v, i) => (v + yInv[i]) / 2);
  }
  let trace = 0;
  for (let i = 0; i < d; i++) trace += y[i * d + i];
  return trace;
}

test('trace term equals Σ √(aᵢbᵢ) for commuting covariances Q diag(a) Qᵀ, Q diag(b) Qᵀ', () => {
  const d = 23;
  const q = symmetricEigen(randomCovariance(d, 3 * d), d).vectors; // a random orthogonal matrix
  const a = Array.from({ length: d }, () => 0.1 + Math.random() * 3);
  const b = Array.from({ length: d }, () => 0.1 + Math.random() * 3);
  const build = (lambda: number[]) => {
    const m = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) m[i * d + j] += q[i * d + k] * lambda[k] * q[j * d + k];
    for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) m[i * d + j] = m[j * d + i];
    return m;
  };
  const expected = a.reduce((s, ai, i) => s + Math.sqrt(ai * b[i]), 0);
  assertRelativeClose(traceSqrtProduct(build(a), build(b), d).value, expected, 1e-12, 'commuting');
});

test('trace term matches a Denman–Beavers matrix square root on random covariances', () => {
  for (const d of [1, 2, 5, 12, 17]) {
    const a = randomCovariance(d, 4 * d + 4);
    const b = randomCovariance(d, 4 * d + 4, 2);
    assertRelativeClose(traceSqrtProduct(a, b, d).value, traceSqrtDenmanBeavers(a, b, d), 1e-8, `d=${d}`);
    assertRelativeClose(traceSqrtProduct(b, a, d).value, traceSqrtDenmanBeavers(a, b, d), 1e-8, `d=${d} swapped`);
  }
});

test('FID agrees with pytorch-fid (scipy sqrtm, float64) below 1e-6 relative error at d = 64 and d = 2048', () => {
  for (const { d, seed, fid, traceSqrt } of reference.lcg as { d: number; seed: number; fid: number; traceSqrt: number }[]) {
    const rng = new Lcg(seed);
    const a = lcgStatistics(d, rng);
    const b = lcgStatistics(d, rng);
    assertRelativeClose(traceSqrtProduct(a.sigma, b.sigma, d).value, traceSqrt, 1e-9, `trace term d=${d}`);
    const result = frechetDistance(a, b);
    assertRelativeClose(result.fid, fid, 1e-6, `FID d=${d}`);
    assert.deepEqual(result.warnings, []);
  }
});

test('FID of the .npz pair written by NumPy matches scipy', () => {
  const pair = reference.npzPair;
  const a = readStatisticsFile(path.join(FIXTURES, pair.a));
  const b = readStatisticsFile(path.join(FIXTURES, pair.b));
  assertRelativeClose(frechetDistance(a, b).fid, pair.fid, 1e-9, 'npz pair');
});

test('FID of identical statistics is 0 and the mean term is exact', () => {
  const d = 9;
  const sigma = randomCovariance(d, 50);
  const mu = Float64Array.from({ length: d }, gaussian);
  assert.ok(Math.abs(frechetDistance({ dim: d, mu, sigma }, { dim: d, mu, sigma }).fid) < 1e-10);
  const shifted = mu.map((x, i) => x + (i === 3 ? 2 : 0) + (i === 5 ? -1 : 0));
  assertRelativeClose(frechetDistance({ dim: d, mu, sigma }, { dim: d, mu: shifted, sigma }).fid, 5, 1e-9, 'mean term');
});

test('rank-deficient covariances give a finite FID and a warning, never NaN', () => {
  const d = 30;
  for (const n of [5, 20, 30]) {
    const a = { dim: d, mu: new Float64Array(d), sigma: randomCovariance(d, n), count: n };
    const b = { dim: d, mu: Float64Array.from({ length: d }, gaussian), sigma: randomCovariance(d, 200), count: 200 };
    for (const [x, y] of [[a, b], [b, a], [a, a]]) {
      const result = frechetDistance(x, y, ['first', 'second']);
      assert.ok(Number.isFinite(result.fid) && result.fid >= 0, `n=${n}: fid ${result.fid}`);
      assert.ok(result.warnings.some((w) => /not larger than the feature dimension 30/.test(w)), result.warnings.join('\n'));
    }
    // Both orders use different routes (eigen for a singular Σ₁, Cholesky otherwise) and must agree.
    const forward = frechetDistance(a, b).fid;
    assertRelativeClose(frechetDistance(b, a).fid, forward, 1e-6, `n=${n} symmetric`);
    assert.ok(frechetDistance(a, b).warnings.some((w) => /singular \(numerical rank/.test(w)));
  }
});

test('features with zero variance (dead units) are handled exactly and keep the fast route', () => {
  const d = 8;
  const a = randomCovariance(d, 40);
  const b = randomCovariance(d, 40);
  for (const m of [a, b]) for (const dead of [2, 6]) for (let j = 0; j < d; j++) m[dead * d + j] = m[j * d + dead] = 0;
  const result = traceSqrtProduct(a, b, d);
  assert.equal(result.method, 'cholesky');
  assert.equal(result.constantFeatures, 2);
  assertRelativeClose(result.value, traceSqrtDenmanBeavers(keep(a), keep(b), 6), 1e-10, 'dead units');
  function keep(m: Float64Array) {
    const idx = [0, 1, 3, 4, 5, 7];
    return Float64Array.from({ length: 36 }, (_, k) => m[idx[Math.floor(k / 6)] * d + idx[k % 6]]);
  }
});

test('mismatched feature dimensions are a clear error', () => {
  const a = { dim: 3, mu: new Float64Array(3), sigma: randomCovariance(3, 10) };
  const b = { dim: 4, mu: new Float64Array(4), sigma: randomCovariance(4, 10) };
  assert.throws(() => frechetDistance(a, b, ['run.npz', 'mnist:test']), (e: unknown) => e instanceof UserError && /run.npz has 3, mnist:test has 4/.test(e.message));
});
