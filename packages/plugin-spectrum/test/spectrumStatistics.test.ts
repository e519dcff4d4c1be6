import assert from 'node:assert/strict';
import { test } from 'node:test';
import { metricTensor, pointSpectrum, quantile, rankTolerance, summarizeSpectra, summaryMetrics } from '../src/index';

const close = (a: number, b: number, tol = 1e-12) => assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

test('metricTensor forms JᵀJ in float64 from the columns of J (worked by hand, with a tail column)', () => {
  // J (n = 3, d = 5) by columns: c0 = (1,2,3), c1 = (0,1,0), c2 = (2,0,-1), c3 = (1,1,1), c4 = (-1,0,2)
  const columns = Float32Array.from([9, 9, 1, 2, 3, 0, 1, 0, 2, 0, -1, 1, 1, 1, -1, 0, 2]); // two values of padding first
  const m = metricTensor(columns, 2, 5, 3);
  const c = [[1, 2, 3], [0, 1, 0], [2, 0, -1], [1, 1, 1], [-1, 0, 2]];
  for (let i = 0; i < 5; i++) for (let j = 0; j < 5; j++) assert.equal(m[i * 5 + j], c[i].reduce((s, v, k) => s + v * c[j][k], 0), `M[${i}][${j}]`);
});

test('pointSpectrum: condition number, its log and the log determinant', () => {
  const p = pointSpectrum(Float64Array.from([4, 1, 0.25]), 10);
  assert.deepEqual(p.eigenvalues, [4, 1, 0.25]);
  assert.equal(p.rank, 3);
  assert.equal(p.rankDeficient, false);
  close(p.condition as number, 16);
  close(p.logCond as number, Math.log(16));
  close(p.logDet as number, 0);
});

test('pointSpectrum: a zero, negative or sub-precision λ_min is rank deficiency, not NaN or a negative log', () => {
  const tol = rankTolerance(3, 100);
  close(tol, (100 * 2 ** -23) ** 2);
  for (const last of [0, -3e-17, 0.5 * tol * 7]) {
    const p = pointSpectrum(Float64Array.from([7, 2, last]), 100);
    assert.equal(p.rankDeficient, true, `λ_min = ${last}`);
    assert.equal(p.rank, 2);
    assert.equal(p.condition, null);
    assert.equal(p.logCond, null);
    assert.equal(p.logDet, null);
    assert.ok(p.eigenvalues.every((e) => e >= 0));
  }
  const justAbove = pointSpectrum(Float64Array.from([7, 2, 2 * tol * 7]), 100);
  assert.equal(justAbove.rankDeficient, false);
  const zero = pointSpectrum(new Float64Array(3), 100);
  assert.equal(zero.rank, 0);
  assert.equal(zero.logCond, null);
});

test('quantile interpolates linearly between order statistics (numpy default)', () => {
  const sorted = [1, 2, 3, 4];
  close(quantile(sorted, 0), 1);
  close(quantile(sorted, 0.05), 1.15);
  close(quantile(sorted, 0.25), 1.75);
  close(quantile(sorted, 0.5), 2.5);
  close(quantile(sorted, 0.95), 3.85);
  close(quantile(sorted, 1), 4);
  close(quantile([5], 0.3), 5);
});

test('summarizeSpectra: statistics over full-rank points, rank-deficient points counted apart', () => {
  const e = Math.E;
  const points = [
    pointSpectrum(Float64Array.from([e, 1]), 10), // logCond 1, logDet 1
    pointSpectrum(Float64Array.from([e ** 2, 1]), 10), // 2, 2
    pointSpectrum(Float64Array.from([e ** 4, e]), 10), // 3, 5
    pointSpectrum(Float64Array.from([e ** 3, e ** -1]), 10), // 4, 2
    pointSpectrum(Float64Array.from([2, 0]), 10), // rank deficient
  ];
  const s = summarizeSpectra(points);
  assert.equal(s.points, 5);
  assert.equal(s.rankDeficient, 1);
  const c = s.logCond!;
  close(c.mean, 2.5);
  close(c.std, Math.sqrt(1.25));
  close(c.median, 2.5);
  close(c.min, 1);
  close(c.max, 4);
  close(c.quantiles['0.05'], 1.15);
  close(c.quantiles['0.95'], 3.85);
  close(s.logDetMean as number, 2.5);
  close(s.meanSpectrum[0], (e + e ** 2 + e ** 4 + e ** 3 + 2) / 5);
  close(s.meanSpectrum[1], (1 + 1 + e + e ** -1 + 0) / 5);
  close(s.meanLogSpectrum![0], (1 + 2 + 4 + 3) / 4);
  close(s.meanLogSpectrum![1], (0 + 0 + 1 - 1) / 4);

  const m = summaryMetrics(s);
  close(m.logCondMean, 2.5);
  close(m.logCondQ05, 1.15);
  close(m.logCondQ25, 1.75);
  close(m.logCondQ75, 3.25);
  close(m.logCondQ95, 3.85);
  assert.equal(m.rankDeficient, 1);
  close(m.lambdaMaxMean, s.meanSpectrum[0]);

  const allDeficient = summarizeSpectra([points[4]]);
  assert.equal(allDeficient.logCond, null);
  assert.equal(allDeficient.meanLogSpectrum, null);
  assert.deepEqual(Object.keys(summaryMetrics(allDeficient)).sort(), ['lambdaMaxMean', 'lambdaMinMean', 'rankDeficient']);
});
