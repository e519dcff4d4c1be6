import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '@gancond/core';
import { FeatureStatisticsAccumulator, statisticsOfFeatures } from '../src/FeatureStatisticsAccumulator';
import { addGramUpper, choleskyUpper, rowDotProducts, symmetricSandwich } from '../src/linalg/rowDotTiles';
import { batchStatistics, gaussian, randomCovariance, randomMatrix } from './helpers';

function maxRelativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    scale = Math.max(scale, Math.abs(b[i]));
    diff = Math.max(diff, Math.abs(a[i] - b[i]));
  }
  return diff / scale;
}

test('streaming statistics over uneven batches equal the two-pass batch statistics', () => {
  for (const [n, d] of [[2, 1], [37, 5], [700, 13], [300, 64]]) {
    const x = randomMatrix(n, d, 2, 0.5);
    const accumulator = new FeatureStatisticsAccumulator(d);
    let row = 0;
    while (row < n) {
      const size = Math.min(n - row, 1 + Math.floor(Math.random() * 290));
      accumulator.add(x.subarray(row * d, (row + size) * d));
      row += size;
    }
    const streamed = accumulator.finish();
    const batch = batchStatistics(x, n, d);
    assert.equal(streamed.count, n);
    assert.ok(maxRelativeDifference(streamed.mu, batch.mu) < 1e-13, `n=${n} d=${d}: mu`);
    assert.ok(maxRelativeDifference(streamed.sigma, batch.sigma) < 1e-12, `n=${n} d=${d}: sigma`);
    assert.ok(maxRelativeDifference(statisticsOfFeatures(x, d).sigma, batch.sigma) < 1e-12);
  }
});

test('a large mean does not cost the covariance its precision (shifted sums)', () => {
  const n = 500;
  const d = 4;
  const x = randomMatrix(n, d, 1e-3, 1e6);
  const batch = batchStatistics(x, n, d);
  const streamed = statisticsOfFeatures(x, d);
  assert.ok(maxRelativeDifference(streamed.sigma, batch.sigma) < 1e-8, 'sigma relative to its own scale');
});

test('float32 feature batches are accumulated in float64', () => {
  const n = 64;
  const d = 3;
  const x = Float32Array.from(randomMatrix(n, d));
  assert.ok(maxRelativeDifference(statisticsOfFeatures(x, d).sigma, batchStatistics(x, n, d).sigma) < 1e-13);
});

test('bad feature input is rejected with clear errors', () => {
  const accumulator = new FeatureStatisticsAccumulator(3, 'generated features');
  assert.throws(() => accumulator.add([1, 2, 3, 4]), (e: unknown) => e instanceof UserError && /4 values is not a whole number of 3-dimensional/.test(e.message));
  accumulator.add([1, 2, 3]);
  assert.throws(() => accumulator.finish(), (e: unknown) => e instanceof UserError && /generated features: 1 feature vector\(s\); at least 2/.test(e.message));
  assert.throws(() => accumulator.add([1, NaN, 3]), (e: unknown) => e instanceof UserError && /feature vector 1 has NaN at position 1/.test(e.message));
  assert.throws(() => new FeatureStatisticsAccumulator(0), UserError);
});

test('tiled kernels match naive float64 loops', () => {
  const naiveDots = (x: Float64Array, nx: number, y: Float64Array, ny: number, len: number) => {
    const out = new Float64Array(nx * ny);
    for (let i = 0; i < nx; i++) for (let j = 0; j < ny; j++) for (let k = 0; k < len; k++) out[i * ny + j] += x[i * len + k] * y[j * len + k];
    return out;
  };
  // Sizes straddle the 4-row tiles and the 256-long k blocks.
  for (const [nx, ny, len] of [[1, 1, 1], [5, 7, 3], [9, 4, 300], [64, 68, 513]]) {
    const x = randomMatrix(nx, len);
    const y = randomMatrix(ny, len);
    assert.ok(maxRelativeDifference(rowDotProducts(x, nx, y, ny, len), naiveDots(x, nx, y, ny, len)) < 1e-13, `dots ${nx}x${ny}x${len}`);
  }
  const d = 12;
  const len = 40;
  const rows = randomMatrix(d, len);
  const gram = new Float64Array(d * d);
  addGramUpper(rows, d, len, gram);
  const expected = naiveDots(rows, d, rows, d, len);
  for (let i = 0; i < d; i++) for (let j = i; j < d; j++) assert.ok(Math.abs(gram[i * d + j] - expected[i * d + j]) < 1e-12);

  const a = randomCovariance(d, 60);
  const u = choleskyUpper(a, d, 1e-12)!;
  const uTu = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) uTu[i * d + j] += u[k * d + i] * u[k * d + j];
  assert.ok(maxRelativeDifference(uTu, a) < 1e-13, 'UᵀU = A');
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) assert.equal(u[i * d + j], 0);
  assert.equal(choleskyUpper(Float64Array.from({ length: 16 }, (_, k) => (k % 5 === 0 ? -1 : 0)), 4, 0), null, 'indefinite');

  const s = randomCovariance(d, 60);
  for (const triangular of [true, false]) {
    const r = triangular ? u : randomMatrix(d, d);
    const rs = new Float64Array(d * d);
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) rs[i * d + j] += r[i * d + k] * s[k * d + j];
    const expectedSandwich = naiveDots(rs, d, r, d, d);
    assert.ok(maxRelativeDifference(symmetricSandwich(r, s, d, triangular), expectedSandwich) < 1e-12, `sandwich ${triangular}`);
  }
  assert.ok(Number.isFinite(gaussian()));
});
