/**
 * Eigenvalues (and optionally eigenvectors) of a symmetric tridiagonal matrix by the
 * implicit QL method with Wilkinson-type shifts (the EISPACK tql2 algorithm, as in JAMA).
 *
 * `diagonal` and `offDiagonal` (offDiagonal[i] = T[i][i+1], last entry 0) are overwritten:
 * on return `diagonal` holds the eigenvalues, unsorted. When `vectorsT` is given it must
 * hold Zᵀ (row i = column i of Z, e.g. Qᵀ from the tridiagonal reduction): every Givens
 * rotation combines two of its rows, which are contiguous in row-major storage, and on
 * return row i is the eigenvector of diagonal[i].
 */
export function tridiagonalQL(
  diagonal: Float64Array,
  offDiagonal: Float64Array,
  n: number,
  vectorsT?: Float64Array,
): void {
  const d = diagonal;
  const e = offDiagonal;
  const eps = Number.EPSILON;
  const maxIterations = 60;
  if (n > 0) e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n - 1 && Math.abs(e[m]) > eps * tst1) m++;
    if (m > l) {
      let iteration = 0;
      do {
        if (++iteration > maxIterations) {
          throw new Error(`tridiagonalQL: no convergence for eigenvalue ${l} after ${maxIterations} iterations`);
        }
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;

        p = d[m];
        let c = 1;
        let c2 = c;
        let c3 = c;
        const el1 = e[l + 1];
        let s = 0;
        let s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          if (vectorsT) rotateRows(vectorsT, i * n, (i + 1) * n, n, c, s);
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] += f;
    e[l] = 0;
  }
}

/** (row_i, row_{i+1}) ← (c·row_i − s·row_{i+1}, s·row_i + c·row_{i+1}). */
function rotateRows(z: Float64Array, ri: number, rj: number, n: number, c: number, s: number): void {
  for (let k = 0; k < n; k++) {
    const zi = z[ri + k];
    const zj = z[rj + k];
    z[rj + k] = s * zi + c * zj;
    z[ri + k] = c * zi - s * zj;
  }
}

/** √(a² + b²) without overflow or underflow; Math.hypot is several times slower in V8. */
function hypot(a: number, b: number): number {
  const x = Math.abs(a);
  const y = Math.abs(b);
  if (x > y) {
    const t = y / x;
    return x * Math.sqrt(1 + t * t);
  }
  if (y === 0) return 0;
  const t = x / y;
  return y * Math.sqrt(1 + t * t);
}
