import assert from 'node:assert/strict';
import { test } from 'node:test';
import { median } from '../../src/bench/median';

/** Reference by definition: as many values lie strictly below as strictly above (distinct values). */
function isMedian(values: number[], m: number): boolean {
  const below = values.filter((v) => v < m).length;
  const above = values.filter((v) => v > m).length;
  return below === above;
}

test('median: the middle value (odd count) or the mean of the two middle values (even count)', () => {
  for (const n of [1, 2, 7, 10, 101, 256]) {
    const values = Array.from({ length: n }, () => Math.random() * 1000 - 500);
    const m = median(values);
    assert.ok(isMedian(values, m), `n=${n}: ${m}`);
    if (n % 2 === 1) assert.ok(values.includes(m), 'odd count: one of the values');
    else {
      const sorted = [...values].sort((a, b) => a - b);
      assert.equal(m, (sorted[n / 2 - 1] + sorted[n / 2]) / 2);
    }
  }
});

test('median leaves its input unsorted and rejects an empty list', () => {
  const values = [3.5, -1.25, 9, 0.5];
  median(values);
  assert.deepEqual(values, [3.5, -1.25, 9, 0.5]);
  assert.throws(() => median([]), /empty/);
});
