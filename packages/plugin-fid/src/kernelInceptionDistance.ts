import { UserError, type RandomStream } from '@gancond/core';
import { rowDotProducts } from './linalg/rowDotTiles';

export interface KernelInceptionDistance {
  /** Mean over subsets of the unbiased MMD² estimate. */
  mean: number;
  std: number;
  subsets: number;
  subsetSize: number;
}

/**
 * KID (Bińkowski et al. 2018, as torch-fidelity computes it): the unbiased estimate of
 * MMD² with the polynomial kernel k(x, y) = (xᵀy / d + 1)³, on `subsets` random pairs of
 * subsets of `subsetSize` rows (drawn without replacement within a subset), mean and std
 * (population, ddof 0) over subsets. Float64 throughout.
 */
export function kernelInceptionDistance(
  real: ArrayLike<number>,
  fake: ArrayLike<number>,
  dim: number,
  stream: RandomStream,
  options: { subsets: number; subsetSize: number },
): KernelInceptionDistance {
  const nReal = real.length / dim;
  const nFake = fake.length / dim;
  const m = Math.min(options.subsetSize, nReal, nFake);
  if (m < 2) throw new UserError(`KID: subsets need at least 2 feature vectors on each side (have ${nReal} and ${nFake})`);
  const x = new Float64Array(m * dim);
  const y = new Float64Array(m * dim);
  const values: number[] = [];
  for (let s = 0; s < options.subsets; s++) {
    pickRows(real, nReal, dim, m, stream, x);
    pickRows(fake, nFake, dim, m, stream, y);
    const kxx = kernelSum(x, x, m, dim, true);
    const kyy = kernelSum(y, y, m, dim, true);
    const kxy = kernelSum(x, y, m, dim, false);
    values.push((kxx + kyy) / (m * (m - 1)) - (2 * kxy) / (m * m));
  }
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { mean, std, subsets: options.subsets, subsetSize: m };
}

/** Σ k(x_i, y_j) over all pairs, or over i ≠ j when `offDiagonal` (x and y are then the same set). */
function kernelSum(x: Float64Array, y: Float64Array, m: number, dim: number, offDiagonal: boolean): number {
  const dots = rowDotProducts(x, m, y, m, dim);
  let total = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < m; j++) {
      if (offDiagonal && i === j) continue;
      const base = dots[i * m + j] / dim + 1;
      total += base * base * base;
    }
  }
  return total;
}

/** m distinct rows chosen uniformly (partial Fisher–Yates over the row indices). */
function pickRows(source: ArrayLike<number>, rows: number, dim: number, m: number, stream: RandomStream, out: Float64Array): void {
  const index = Int32Array.from({ length: rows }, (_, i) => i);
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(stream.uniform() * (rows - i));
    const t = index[i];
    index[i] = index[j];
    index[j] = t;
    const from = index[i] * dim;
    for (let k = 0; k < dim; k++) out[i * dim + k] = source[from + k];
  }
}
