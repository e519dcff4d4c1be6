import { UserError } from '@gancond/core';
import { addGramUpper, mirrorUpper } from './linalg/rowDotTiles';
import type { FeatureStatistics } from './statistics';

const CHUNK_ROWS = 256;

/**
 * Streaming float64 mean and covariance of feature vectors, added batch by batch, so that
 * the features themselves are never all held (as torchmetrics accumulates its sums).
 * Sums are taken about a shift c, the first vector seen — Σ(x − c) and Σ(x − c)(x − c)ᵀ —
 * which avoids the cancellation of the textbook Σxxᵀ − N μμᵀ when the mean is large
 * relative to the spread. The result equals the two-pass batch covariance up to round-off.
 */
export class FeatureStatisticsAccumulator {
  private readonly padded: number;
  private shift: Float64Array | null = null;
  private readonly sum: Float64Array;
  private readonly gram: Float64Array;
  private rows = 0;

  constructor(
    readonly dim: number,
    private readonly source = 'features',
  ) {
    if (!Number.isInteger(dim) || dim < 1) throw new UserError(`${source}: feature dimension ${dim}; expected a positive integer`);
    this.padded = Math.ceil(dim / 4) * 4;
    this.sum = new Float64Array(dim);
    this.gram = new Float64Array(this.padded * this.padded);
  }

  get count(): number {
    return this.rows;
  }

  /** Adds feature vectors given row-major, `features.length / dim` rows of `dim` values. */
  add(features: ArrayLike<number>): void {
    const { dim, padded } = this;
    if (features.length % dim !== 0) {
      throw new UserError(`${this.source}: ${features.length} values is not a whole number of ${dim}-dimensional feature vectors`);
    }
    const total = features.length / dim;
    if (total === 0) return;
    const shift = (this.shift ??= Float64Array.from({ length: dim }, (_, j) => features[j]));
    const columns = new Float64Array(padded * Math.min(CHUNK_ROWS, total));
    for (let start = 0; start < total; start += CHUNK_ROWS) {
      const len = Math.min(CHUNK_ROWS, total - start);
      // Transposed (dim × len) so that the Gram kernel reads contiguous rows.
      for (let r = 0; r < len; r++) {
        const row = (start + r) * dim;
        for (let j = 0; j < dim; j++) {
          const x = features[row + j];
          if (!Number.isFinite(x)) throw new UserError(`${this.source}: feature vector ${this.rows + r} has ${x} at position ${j}`);
          const centered = x - shift[j];
          columns[j * len + r] = centered;
          this.sum[j] += centered;
        }
      }
      addGramUpper(columns, padded, len, this.gram);
      this.rows += len;
    }
  }

  /** Mean and unbiased covariance (divisor N − 1) of everything added. */
  finish(): FeatureStatistics {
    const { dim, padded, rows, sum, gram } = this;
    if (rows < 2 || !this.shift) {
      throw new UserError(`${this.source}: ${rows} feature vector(s); at least 2 are needed for a covariance`);
    }
    const mu = new Float64Array(dim);
    for (let j = 0; j < dim; j++) mu[j] = this.shift[j] + sum[j] / rows;
    const sigma = new Float64Array(dim * dim);
    for (let i = 0; i < dim; i++) {
      for (let j = i; j < dim; j++) sigma[i * dim + j] = (gram[i * padded + j] - (sum[i] * sum[j]) / rows) / (rows - 1);
    }
    mirrorUpper(sigma, dim);
    return { dim, mu, sigma, count: rows };
  }
}

/** Statistics of a whole row-major feature matrix at once. */
export function statisticsOfFeatures(features: ArrayLike<number>, dim: number, source = 'features'): FeatureStatistics {
  const accumulator = new FeatureStatisticsAccumulator(dim, source);
  accumulator.add(features);
  return accumulator.finish();
}
