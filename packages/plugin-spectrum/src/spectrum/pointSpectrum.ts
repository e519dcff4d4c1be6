/** The spectrum of the metric tensor M_z = J_zᵀJ_z at one latent point. */
export interface PointSpectrum {
  /** All d eigenvalues of M_z, descending (the squared singular values of J_z). */
  eigenvalues: number[];
  /** Eigenvalues above the rank tolerance (see {@link rankTolerance}). */
  rank: number;
  /** rank < d: λ_min is zero or below float precision, so the condition number is unbounded. */
  rankDeficient: boolean;
  /** λ_max / λ_min; null when rank deficient. */
  condition: number | null;
  /** ln(λ_max / λ_min) (the paper's quantity); null when rank deficient. */
  logCond: number | null;
  /** ln det M_z = Σ ln λ_i; null when rank deficient. */
  logDet: number | null;
}

const FLOAT32_EPSILON = 2 ** -23;

/**
 * Relative eigenvalue tolerance: λ_i ≤ tol * λ_max counts as zero. J comes from float32
 * arithmetic, so by numpy's `matrix_rank` convention its singular values below
 * σ_max * max(n, d) * ε_float32 are indistinguishable from 0; for λ = σ² the tolerance is
 * the square (about 8.6e-9 for an MNIST generator, n = 784).
 */
export function rankTolerance(latentDim: number, outputSize: number): number {
  return (Math.max(latentDim, outputSize) * FLOAT32_EPSILON) ** 2;
}

/**
 * Condition number, log condition number and log determinant from the eigenvalues
 * (descending) of a metric tensor. Tiny negative eigenvalues (rounding in the float64
 * eigensolver of a positive semi-definite matrix) are reported as 0. Rank deficiency is
 * reported as such (null logs), never as NaN, -Infinity or the log of a negative number.
 */
export function pointSpectrum(descending: Float64Array, outputSize: number): PointSpectrum {
  const d = descending.length;
  const eigenvalues = Array.from(descending, (v) => Math.max(v, 0));
  const lambdaMax = eigenvalues[0];
  const threshold = lambdaMax * rankTolerance(d, outputSize);
  const rank = lambdaMax > 0 ? eigenvalues.filter((v) => v > threshold).length : 0;
  if (rank < d) return { eigenvalues, rank, rankDeficient: true, condition: null, logCond: null, logDet: null };
  const lambdaMin = eigenvalues[d - 1];
  let logDet = 0;
  for (const v of eigenvalues) logDet += Math.log(v);
  return {
    eigenvalues,
    rank,
    rankDeficient: false,
    condition: lambdaMax / lambdaMin,
    logCond: Math.log(lambdaMax) - Math.log(lambdaMin),
    logDet,
  };
}
