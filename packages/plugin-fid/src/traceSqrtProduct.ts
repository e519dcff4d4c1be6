import { symmetricEigen, symmetricEigenvalues } from '@gancond/core';
import { choleskyUpper, symmetricSandwich } from './linalg/rowDotTiles';

export interface TraceSqrtResult {
  /** tr((Σ₁Σ₂)^½). */
  value: number;
  /** 'cholesky' normally; 'eigen' when Σ₁ is singular (or nearly) and the factorization fell back. */
  method: 'cholesky' | 'eigen';
  /** Numerical rank of Σ₁ (after dropping constant features) when the eigen route ran. */
  rank?: number;
  /** Features with zero variance on either side (e.g. dead ReLU units), left out of the factorization. */
  constantFeatures: number;
}

/**
 * tr((Σ₁Σ₂)^½) of two symmetric positive semi-definite d×d matrices by a symmetric method.
 *
 * Σ₁Σ₂ is similar to R Σ₂ Rᵀ for any factor Σ₁ = Rᵀ R, which is symmetric PSD, so the
 * trace term is Σ √λᵢ(R Σ₂ Rᵀ) and needs only the float64 symmetric eigensolver (eigenvalues
 * only, no eigenvectors). Default route: R = U, the Cholesky factor (d³/3 flops, and the
 * triangular R makes the sandwich 4d³/3), then a tridiagonal reduction; this is several
 * times cheaper than TF-GAN's Σ₁^½ (which needs Σ₁'s eigenvectors) and, unlike scipy's
 * `sqrtm` on the non-symmetric Σ₁Σ₂ (pytorch-fid), cannot return complex or NaN values.
 * When Σ₁ is singular (e.g. fewer samples than dimensions) Cholesky breaks down; then
 * R = Λ^½ Vᵀ from Σ₁'s eigen-decomposition, with round-off negative eigenvalues set to 0,
 * which is exact for PSD matrices and always finite.
 * Features with exactly zero variance on either side are dropped first: with Σ₁'s i-th row
 * and column zero, Σ₁Σ₂ is block triangular and the i-th eigenvalue is 0 whatever Σ₂ holds
 * (and symmetrically for Σ₂, as tr((Σ₁Σ₂)^½) = tr((Σ₂Σ₁)^½)). Classifier features often have
 * such dead units, and this keeps them on the fast Cholesky route.
 */
export function traceSqrtProduct(sigma1: Float64Array, sigma2: Float64Array, fullDim: number): TraceSqrtResult {
  const kept: number[] = [];
  for (let i = 0; i < fullDim; i++) if (sigma1[i * fullDim + i] !== 0 && sigma2[i * fullDim + i] !== 0) kept.push(i);
  const constantFeatures = fullDim - kept.length;
  const d = kept.length;
  if (d === 0) return { value: 0, method: 'cholesky', constantFeatures };
  // Pad to a multiple of 4 for the tiled kernels: diag(Σ₁, I) and diag(Σ₂, 0) add only zero eigenvalues.
  const n = Math.ceil(d / 4) * 4;
  const s1 = restrictAndPad(sigma1, fullDim, kept, n, 1);
  const s2 = restrictAndPad(sigma2, fullDim, kept, n, 0);
  let maxDiagonal = 0;
  for (let i = 0; i < d; i++) maxDiagonal = Math.max(maxDiagonal, Math.abs(s1[i * n + i]));
  const u = choleskyUpper(s1, n, 1e-12 * maxDiagonal);
  if (u) return { value: sumSqrt(symmetricEigenvalues(symmetricSandwich(u, s2, n, true), n)), method: 'cholesky', constantFeatures };

  const { values, vectors } = symmetricEigen(restrictAndPad(sigma1, fullDim, kept, d, 0), d);
  const cutoff = d * Number.EPSILON * Math.max(Math.abs(values[0]), Math.abs(values[d - 1]));
  const r = new Float64Array(n * n);
  let rank = 0;
  for (let i = 0; i < d; i++) {
    if (values[i] > cutoff) rank++;
    const root = Math.sqrt(Math.max(values[i], 0));
    for (let k = 0; k < d; k++) r[i * n + k] = root * vectors[k * d + i];
  }
  return { value: sumSqrt(symmetricEigenvalues(symmetricSandwich(r, s2, n, false), n)), method: 'eigen', rank, constantFeatures };
}

/** The rows and columns `kept` of the d×d matrix m, placed in an n×n matrix with `diagonal` on the remaining diagonal. */
function restrictAndPad(m: Float64Array, d: number, kept: number[], n: number, diagonal: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let a = 0; a < kept.length; a++) {
    const row = kept[a] * d;
    for (let b = 0; b < kept.length; b++) out[a * n + b] = m[row + kept[b]];
  }
  for (let i = kept.length; i < n; i++) out[i * n + i] = diagonal;
  return out;
}

/** Σ √max(λ, 0): eigenvalues of a PSD matrix can come out slightly negative from round-off. */
function sumSqrt(values: Float64Array): number {
  let sum = 0;
  for (const v of values) if (v > 0) sum += Math.sqrt(v);
  return sum;
}
