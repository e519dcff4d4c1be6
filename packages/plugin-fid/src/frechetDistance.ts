import { UserError } from '@gancond/core';
import type { FeatureStatistics } from './statistics';
import { traceSqrtProduct } from './traceSqrtProduct';

export interface FrechetDistance {
  /** ‖μ₁ − μ₂‖² + tr Σ₁ + tr Σ₂ − 2 tr((Σ₁Σ₂)^½). */
  fid: number;
  dim: number;
  /** Conditions a reader should know about (singular covariance, too few samples). */
  warnings: string[];
}

/**
 * Fréchet distance between two Gaussians fitted to features: the pytorch-fid formula
 * evaluated in float64 with a symmetric trace term (see `traceSqrtProduct`).
 */
export function frechetDistance(a: FeatureStatistics, b: FeatureStatistics, names: [string, string] = ['A', 'B']): FrechetDistance {
  if (a.dim !== b.dim) {
    throw new UserError(`feature dimensions differ: ${names[0]} has ${a.dim}, ${names[1]} has ${b.dim} (were they computed with the same extractor?)`);
  }
  const d = a.dim;
  const warnings: string[] = [];
  for (const [stats, name] of [[a, names[0]], [b, names[1]]] as const) {
    if (stats.count !== undefined && stats.count <= d) warnings.push(tooFewSamplesWarning(name, stats.count, d));
  }
  let meanTerm = 0;
  let traces = 0;
  for (let i = 0; i < d; i++) {
    meanTerm += (a.mu[i] - b.mu[i]) ** 2;
    traces += a.sigma[i * d + i] + b.sigma[i * d + i];
  }
  const trace = traceSqrtProduct(a.sigma, b.sigma, d);
  if (trace.method === 'eigen') {
    warnings.push(
      `the covariance of ${names[0]} is singular (numerical rank ${trace.rank} of ${d}); ` +
        'the trace term was computed from its eigen-decomposition with negative round-off eigenvalues set to zero',
    );
  }
  return { fid: Math.max(0, meanTerm + traces - 2 * trace.value), dim: d, warnings };
}

export function tooFewSamplesWarning(name: string, count: number, dim: number): string {
  return `${name}: N = ${count} feature vectors is not larger than the feature dimension ${dim}: the covariance is singular and FID is strongly biased; use more samples`;
}
