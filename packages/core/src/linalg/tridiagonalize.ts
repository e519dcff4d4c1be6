/**
 * Householder reduction of a real symmetric matrix to tridiagonal form, T = Qᵀ A Q with
 * Q = H₀ H₁ … H_{n-3}, H_k = I − β_k v_k v_kᵀ.
 *
 * Hand-written because the JS ecosystem has no fast float64 symmetric eigensolver (ml-matrix
 * takes 7.6 s at n = 1024). The loops are arranged for row-major memory: the working copy
 * keeps only its upper triangle current, so the k-th reflector is built from row k, and
 * every inner loop walks one contiguous row. The dominant cost, the symmetric rank-2 update
 * A₂₂ −= v wᵀ + w vᵀ of step k, is fused with the symmetric matrix-vector product A₂₂ v of
 * step k + 1, so the trailing matrix streams through memory once per step instead of twice.
 */
export interface TridiagonalReduction {
  /** T's diagonal, length n. */
  diagonal: Float64Array;
  /** offDiagonal[i] = T[i][i+1] for i < n − 1; offDiagonal[n−1] = 0. */
  offDiagonal: Float64Array;
  /** n×n row-major; row k holds v_k in columns k+1 … n−1 (other entries are scratch). */
  reflectors: Float64Array;
  /** β_k of each reflector (0 where the column was already reduced and no reflection was needed). */
  betas: Float64Array;
}

/** `a` is row-major n×n and only its upper triangle is read; it is not modified. */
export function tridiagonalize(a: Float64Array, n: number): TridiagonalReduction {
  const w = Float64Array.from(a.subarray(0, n * n));
  const diagonal = new Float64Array(n);
  const offDiagonal = new Float64Array(n);
  const betas = new Float64Array(n);
  const v = new Float64Array(n);
  const p = new Float64Array(n);
  // The previous step's update (vPrev, wPrev), applied lazily row by row (zero before step 0).
  const vPrev = new Float64Array(n);
  const wPrev = new Float64Array(n);

  for (let k = 0; k < n - 2; k++) {
    const rk = k * n;
    applyRank2ToRow(w, rk, k, n, vPrev, wPrev);
    diagonal[k] = w[rk + k];

    // Reflector that maps x = A[k][k+1…] onto α e₁.
    const x0 = w[rk + k + 1];
    let tail = 0;
    for (let j = k + 2; j < n; j++) tail += w[rk + j] * w[rk + j];
    v.fill(0, 0, n);
    let beta = 0;
    if (tail === 0) {
      offDiagonal[k] = x0;
    } else {
      const norm = Math.sqrt(x0 * x0 + tail);
      const alpha = x0 > 0 ? -norm : norm;
      const v0 = x0 - alpha;
      v[k + 1] = v0;
      for (let j = k + 2; j < n; j++) v[j] = w[rk + j];
      beta = 2 / (v0 * v0 + tail);
      offDiagonal[k] = alpha;
    }
    betas[k] = beta;
    for (let j = k + 1; j < n; j++) w[rk + j] = v[j];

    // One pass over the trailing upper triangle: finish the previous update, accumulate p = A₂₂ v.
    p.fill(0, 0, n);
    let i = k + 1;
    for (; i + 4 <= n; i += 4) {
      for (let r = 0; r < 4; r++) updateRowAndMultiply(w, i + r, i + 4, n, v, vPrev, wPrev, p);
      updateFourRowsAndMultiply(w, i, n, v, vPrev, wPrev, p);
    }
    for (; i < n; i++) updateRowAndMultiply(w, i, n, n, v, vPrev, wPrev, p);

    // w = β p − (β² pᵀv / 2) v, so that H A₂₂ H = A₂₂ − v wᵀ − w vᵀ.
    let pv = 0;
    for (let j = k + 1; j < n; j++) pv += p[j] * v[j];
    const K = (beta * beta * pv) / 2;
    for (let j = 0; j < n; j++) {
      wPrev[j] = beta * p[j] - K * v[j];
      vPrev[j] = v[j];
    }
  }

  for (let r = Math.max(0, n - 2); r < n; r++) {
    applyRank2ToRow(w, r * n, r, n, vPrev, wPrev);
    diagonal[r] = w[r * n + r];
    if (r + 1 < n) offDiagonal[r] = w[r * n + r + 1];
  }
  return { diagonal, offDiagonal, reflectors: w, betas };
}

/**
 * Row i, columns i … jTo−1 of the upper triangle: apply A −= vPrev wPrevᵀ + wPrev vPrevᵀ,
 * then add the row's contributions to p = A v (a_ij v_j to p_i and, off the diagonal, a_ij v_i to p_j).
 */
function updateRowAndMultiply(
  w: Float64Array,
  i: number,
  jTo: number,
  n: number,
  v: Float64Array,
  vPrev: Float64Array,
  wPrev: Float64Array,
  p: Float64Array,
): void {
  const ri = i * n;
  const vi = v[i];
  const pvi = vPrev[i];
  const pwi = wPrev[i];
  const aii = w[ri + i] - 2 * pvi * pwi;
  w[ri + i] = aii;
  let s = aii * vi;
  for (let j = i + 1; j < jTo; j++) {
    const aij = w[ri + j] - (pvi * wPrev[j] + pwi * vPrev[j]);
    w[ri + j] = aij;
    s += aij * v[j];
    p[j] += aij * vi;
  }
  p[i] += s;
}

/**
 * The same for rows i … i+3 and columns i+4 … n−1 at once: each v_j, vPrev_j, wPrev_j and
 * p_j is loaded once for four rows, which roughly halves the memory traffic per element.
 */
function updateFourRowsAndMultiply(
  w: Float64Array,
  i: number,
  n: number,
  v: Float64Array,
  vPrev: Float64Array,
  wPrev: Float64Array,
  p: Float64Array,
): void {
  const r0 = i * n;
  const r1 = r0 + n;
  const r2 = r1 + n;
  const r3 = r2 + n;
  const v0 = v[i], v1 = v[i + 1], v2 = v[i + 2], v3 = v[i + 3]; // prettier-ignore
  const x0 = vPrev[i], x1 = vPrev[i + 1], x2 = vPrev[i + 2], x3 = vPrev[i + 3]; // prettier-ignore
  const y0 = wPrev[i], y1 = wPrev[i + 1], y2 = wPrev[i + 2], y3 = wPrev[i + 3]; // prettier-ignore
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0; // prettier-ignore
  for (let j = i + 4; j < n; j++) {
    const xj = vPrev[j];
    const yj = wPrev[j];
    const vj = v[j];
    const a0 = w[r0 + j] - (x0 * yj + y0 * xj);
    const a1 = w[r1 + j] - (x1 * yj + y1 * xj);
    const a2 = w[r2 + j] - (x2 * yj + y2 * xj);
    const a3 = w[r3 + j] - (x3 * yj + y3 * xj);
    w[r0 + j] = a0;
    w[r1 + j] = a1;
    w[r2 + j] = a2;
    w[r3 + j] = a3;
    s0 += a0 * vj;
    s1 += a1 * vj;
    s2 += a2 * vj;
    s3 += a3 * vj;
    p[j] += a0 * v0 + a1 * v1 + a2 * v2 + a3 * v3;
  }
  p[i] += s0;
  p[i + 1] += s1;
  p[i + 2] += s2;
  p[i + 3] += s3;
}

function applyRank2ToRow(w: Float64Array, row: number, from: number, n: number, v: Float64Array, u: Float64Array): void {
  const vi = v[from];
  const ui = u[from];
  for (let j = from; j < n; j++) w[row + j] -= vi * u[j] + ui * v[j];
}

/**
 * Q = H₀ H₁ … H_{n-3} as a row-major n×n matrix, built backwards so that each reflector
 * touches only the trailing block (4n³/3 flops), with row operations only.
 */
export function accumulateReflectors(reduction: TridiagonalReduction, n: number): Float64Array {
  const { reflectors, betas } = reduction;
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  const t = new Float64Array(n);
  for (let k = n - 3; k >= 0; k--) {
    const beta = betas[k];
    if (beta === 0) continue;
    const rk = k * n;
    t.fill(0, k + 1, n);
    for (let i = k + 1; i < n; i++) {
      const vi = reflectors[rk + i];
      const ri = i * n;
      for (let j = k + 1; j < n; j++) t[j] += vi * q[ri + j];
    }
    for (let i = k + 1; i < n; i++) {
      const f = beta * reflectors[rk + i];
      const ri = i * n;
      for (let j = k + 1; j < n; j++) q[ri + j] -= f * t[j];
    }
  }
  return q;
}
