import { UserError } from '@gancond/core';

/** Gaussian statistics of a feature set: what FID compares (pytorch-fid's `mu` and `sigma`). */
export interface FeatureStatistics {
  dim: number;
  /** Mean, length dim. */
  mu: Float64Array;
  /** Covariance (unbiased, divisor N − 1), dim×dim row-major. */
  sigma: Float64Array;
  /** Number of feature vectors, when known (pytorch-fid's files do not store it). */
  count?: number;
}

export function checkStatistics(stats: FeatureStatistics, source: string): FeatureStatistics {
  const { dim, mu, sigma } = stats;
  if (mu.length !== dim) throw new UserError(`${source}: mu has ${mu.length} entries, expected ${dim}`);
  if (sigma.length !== dim * dim) {
    throw new UserError(`${source}: sigma has ${sigma.length} entries, expected ${dim}x${dim} = ${dim * dim} to match mu`);
  }
  for (let i = 0; i < mu.length; i++) if (!Number.isFinite(mu[i])) throw new UserError(`${source}: mu[${i}] is ${mu[i]}`);
  for (let i = 0; i < sigma.length; i++) {
    if (!Number.isFinite(sigma[i])) throw new UserError(`${source}: sigma[${Math.floor(i / dim)}][${i % dim}] is ${sigma[i]}`);
  }
  return stats;
}
