import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { RandomStream, UserError } from '@gancond/core';
import { inceptionScore } from '../src/inceptionScore';

/** N rows of random class probabilities, exp(σ·normal) normalised: from near-uniform to peaked. */
function dirichletLike(n: number, k: number, stream: RandomStream): Float64Array {
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const sharpness = 0.2 + 3 * stream.uniform();
    let sum = 0;
    for (let j = 0; j < k; j++) sum += out[i * k + j] = Math.exp(sharpness * stream.normal());
    for (let j = 0; j < k; j++) out[i * k + j] /= sum;
  }
  return out;
}

const entropy = (p: ArrayLike<number>) => Array.from(p).reduce((h, v) => (v > 0 ? h - v * Math.log(v) : h), 0);

/**
 * Reference through the identity mean_x KL(p(y|x) ‖ p(y)) = H(p(y)) − mean_x H(p(y|x)),
 * split sizes ⌊(s+1)N/S⌋ − ⌊sN/S⌋ laid end to end.
 */
function referenceScore(p: Float64Array, n: number, k: number, splits: number) {
  const scores: number[] = [];
  let start = 0;
  for (let s = 0; s < splits; s++) {
    const size = Math.floor(((s + 1) * n) / splits) - Math.floor((s * n) / splits);
    const rows = Array.from({ length: size }, (_, i) => p.subarray((start + i) * k, (start + i + 1) * k));
    const marginal = Array.from({ length: k }, (_, j) => rows.reduce((a, r) => a + r[j], 0) / size);
    const meanConditionalEntropy = rows.reduce((a, r) => a + entropy(r), 0) / size;
    scores.push(Math.exp(entropy(marginal) - meanConditionalEntropy));
    start += size;
  }
  assert.equal(start, n);
  const mean = scores.reduce((a, b) => a + b, 0) / splits;
  return { mean, std: Math.sqrt(scores.reduce((a, b) => a + (b - mean) ** 2, 0) / splits), scores };
}

function oneHotCycling(n: number, k: number): Float32Array {
  const p = new Float32Array(n * k);
  for (let i = 0; i < n; i++) p[i * k + (i % k)] = 1;
  return p;
}

describe('inceptionScore', () => {
  it('is 1 for uniform predictions, whatever the split', () => {
    const k = 7;
    const score = inceptionScore(new Float32Array(140 * k).fill(1 / k), k, 10);
    assert.ok(Math.abs(score.mean - 1) < 1e-6, String(score.mean));
    assert.ok(score.std < 1e-6);
    assert.equal(score.splitScores.length, 10);
  });

  it('is the number of classes for confident predictions balanced over classes', () => {
    for (const k of [2, 10, 13]) {
      const score = inceptionScore(oneHotCycling(10 * k * 4, k), k, 10);
      assert.ok(Math.abs(score.mean - k) < 1e-9, `${k} classes: ${score.mean}`);
      assert.ok(score.std < 1e-9);
    }
  });

  it('matches a case worked by hand', () => {
    // Rows [1/2, 1/2] and [1, 0]: p(y) = [3/4, 1/4]; KLs are ½·log(4/3) and log(4/3); IS = (4/3)^(3/4).
    const score = inceptionScore([0.5, 0.5, 1, 0], 2, 1);
    assert.ok(Math.abs(score.mean - (4 / 3) ** 0.75) < 1e-12, String(score.mean));
    assert.equal(score.std, 0);
  });

  it('reports the population std over splits', () => {
    // Split 1: uniform rows (IS 1); split 2: balanced one-hot rows (IS 2). Mean 1.5, std 0.5.
    const p = [...new Array(8).fill(0.5), ...oneHotCycling(4, 2)];
    const score = inceptionScore(p, 2, 2);
    assert.deepEqual(score.splitScores.map((s) => Number(s.toFixed(12))), [1, 2]);
    assert.ok(Math.abs(score.mean - 1.5) < 1e-12);
    assert.ok(Math.abs(score.std - 0.5) < 1e-12);
  });

  it('matches a float64 reference from the entropy identity on random Dirichlet-like matrices', () => {
    const stream = new RandomStream('is-reference');
    for (const [n, k, splits] of [[1000, 10, 10], [1003, 7, 7], [257, 3, 1], [64, 100, 4]]) {
      const p = dirichletLike(n, k, stream);
      const ref = referenceScore(p, n, k, splits);
      const score = inceptionScore(p, k, splits);
      assert.equal(score.samples, n);
      score.splitScores.forEach((s, i) => assert.ok(Math.abs(s - ref.scores[i]) < 1e-10 * ref.scores[i], `split ${i}: ${s} vs ${ref.scores[i]}`));
      assert.ok(Math.abs(score.mean - ref.mean) < 1e-10 * ref.mean);
      assert.ok(Math.abs(score.std - ref.std) < 1e-9 * Math.max(ref.std, 1e-3));
      // Float32 input (what the classifier gives) agrees to float32 precision.
      const single = inceptionScore(Float32Array.from(p), k, splits);
      assert.ok(Math.abs(single.mean - ref.mean) < 1e-5 * ref.mean);
    }
  });

  it('rejects input that is not class probabilities, naming the source and the problem', () => {
    const reject = (fn: () => unknown, pattern: RegExp) =>
      assert.throws(fn, (e: Error) => {
        assert.ok(e instanceof UserError, e.message);
        assert.match(e.message, pattern);
        return true;
      });
    reject(() => inceptionScore(new Float32Array(25).fill(0.2), 10, 1, 'probs.npy'), /probs\.npy: 25 values do not make rows of 10/);
    reject(() => inceptionScore([0.5, 0.5, 1.5, -0.5], 2, 1), /row 1, class 1 is -0.5/);
    reject(() => inceptionScore([0.5, 0.5, NaN, 1], 2, 1), /row 1, class 0 is NaN/);
    reject(() => inceptionScore([2, 3, 0.5, 0.5], 2, 1), /row 0 sums to 5.*softmax/);
    reject(() => inceptionScore(oneHotCycling(5, 2), 2, 10), /5 samples for 10 splits/);
    reject(() => inceptionScore(oneHotCycling(5, 2), 2, 0), /splits: 0/);
    reject(() => inceptionScore([1], 1, 1), /at least 2 classes/);
  });
});
