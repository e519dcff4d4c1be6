import assert from 'node:assert/strict';
import { test } from 'node:test';
import { RandomStream, UserError } from '@gancond/core';
import { kernelInceptionDistance } from '../src/kernelInceptionDistance';
import { assertRelativeClose, randomMatrix } from './helpers';

/** The unbiased MMD² of the definition, written out with explicit loops. */
function mmdUnbiased(x: Float64Array, y: Float64Array, m: number, d: number): number {
  const k = (a: Float64Array, i: number, b: Float64Array, j: number) => {
    let dot = 0;
    for (let t = 0; t < d; t++) dot += a[i * d + t] * b[j * d + t];
    return (dot / d + 1) ** 3;
  };
  let xx = 0;
  let yy = 0;
  let xy = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      if (i !== j) {
        xx += k(x, i, x, j);
        yy += k(y, i, y, j);
      }
      xy += k(x, i, y, j);
    }
  }
  return xx / (m * (m - 1)) + yy / (m * (m - 1)) - (2 * xy) / (m * m);
}

test('one subset of all rows equals the unbiased MMD² of the definition', () => {
  for (const [m, d] of [[2, 1], [9, 3], [30, 7]]) {
    const x = randomMatrix(m, d);
    const y = randomMatrix(m, d, 1.3, 0.2);
    const kid = kernelInceptionDistance(x, y, d, new RandomStream('kid'), { subsets: 1, subsetSize: m });
    assertRelativeClose(kid.mean, mmdUnbiased(x, y, m, d), 1e-12, `m=${m} d=${d}`);
    assert.equal(kid.std, 0);
  }
});

test('KID is near zero for one distribution and clearly positive for two', () => {
  const d = 8;
  const real = randomMatrix(600, d);
  const same = randomMatrix(600, d);
  const shifted = randomMatrix(600, d, 1, 0.5);
  const options = { subsets: 20, subsetSize: 100 };
  const null_ = kernelInceptionDistance(real, same, d, new RandomStream('a'), options);
  const alternative = kernelInceptionDistance(real, shifted, d, new RandomStream('b'), options);
  // Over 60 trials: |same-distribution KID| ≤ 0.03 (at most 1.2 of its std over subsets); shifted ≥ 0.86.
  assert.ok(Math.abs(null_.mean) < 0.15 && Math.abs(null_.mean) < 3 * null_.std, `same distribution: ${null_.mean} ± ${null_.std}`);
  assert.ok(alternative.mean > 0.4, `shifted: ${alternative.mean}`);
  assert.equal(alternative.subsetSize, 100);
  // Seeded: the same stream gives the same subsets.
  assert.equal(kernelInceptionDistance(real, shifted, d, new RandomStream('b'), options).mean, alternative.mean);
});

test('subset size is capped by the rows available; too few rows is a clear error', () => {
  const x = randomMatrix(5, 2);
  assert.equal(kernelInceptionDistance(x, randomMatrix(7, 2), 2, new RandomStream('c'), { subsets: 3, subsetSize: 1000 }).subsetSize, 5);
  assert.throws(() => kernelInceptionDistance(x.subarray(0, 2), x, 2, new RandomStream('c'), { subsets: 1, subsetSize: 10 }), UserError);
});
