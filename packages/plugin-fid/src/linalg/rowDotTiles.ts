/**
 * Float64 dense kernels in the "row dot" form C[i][j] = Σ_k X[i][k]·Y[j][k], where both
 * operands are read along contiguous rows of row-major storage. A 4×4 register tile
 * loads 8 values per 16 multiply-adds, which lets V8 reach several GFLOP/s; tfjs cannot
 * help here because it has no float64. Matrix dimensions passed to the tiled drivers
 * must be multiples of 4 (callers pad).
 */

const tile = new Float64Array(16);

/** tile[4r + c] = Σ_{k ∈ [kFrom, kTo)} x[xRow + r·ld + k] · y[yRow + c·ld + k]. */
function dotTile4x4(
  x: Float64Array,
  xRow: number,
  y: Float64Array,
  yRow: number,
  ld: number,
  kFrom: number,
  kTo: number,
): void {
  const x1 = xRow + ld;
  const x2 = x1 + ld;
  const x3 = x2 + ld;
  const y1 = yRow + ld;
  const y2 = y1 + ld;
  const y3 = y2 + ld;
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0; // prettier-ignore
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0; // prettier-ignore
  for (let k = kFrom; k < kTo; k++) {
    const a0 = x[xRow + k];
    const a1 = x[x1 + k];
    const a2 = x[x2 + k];
    const a3 = x[x3 + k];
    const b0 = y[yRow + k];
    const b1 = y[y1 + k];
    const b2 = y[y2 + k];
    const b3 = y[y3 + k];
    c00 += a0 * b0; c01 += a0 * b1; c02 += a0 * b2; c03 += a0 * b3; // prettier-ignore
    c10 += a1 * b0; c11 += a1 * b1; c12 += a1 * b2; c13 += a1 * b3; // prettier-ignore
    c20 += a2 * b0; c21 += a2 * b1; c22 += a2 * b2; c23 += a2 * b3; // prettier-ignore
    c30 += a3 * b0; c31 += a3 * b1; c32 += a3 * b2; c33 += a3 * b3; // prettier-ignore
  }
  tile[0] = c00; tile[1] = c01; tile[2] = c02; tile[3] = c03; // prettier-ignore
  tile[4] = c10; tile[5] = c11; tile[6] = c12; tile[7] = c13; // prettier-ignore
  tile[8] = c20; tile[9] = c21; tile[10] = c22; tile[11] = c23; // prettier-ignore
  tile[12] = c30; tile[13] = c31; tile[14] = c32; tile[15] = c33; // prettier-ignore
}

function addTile(c: Float64Array, at: number, ldc: number): void {
  for (let r = 0; r < 4; r++) {
    const row = at + r * ldc;
    const t = 4 * r;
    c[row] += tile[t];
    c[row + 1] += tile[t + 1];
    c[row + 2] += tile[t + 2];
    c[row + 3] += tile[t + 3];
  }
}

/** Cache blocking: a 256-long slice of 64 rows of Y (128 KB) stays in L2 while all rows of X pass. */
const K_BLOCK = 256;
const J_BLOCK = 64;

/**
 * out[i][j] += Σ_{k ∈ [kStart(i, j), kStop(i, j))} X[i][k]·Y[j][k] for the 4×4 tiles of a
 * rows×cols output (only tiles with j ≥ i when `upperOnly`); X and Y rows have length `len`.
 * kStart and kStop take the tile's first row and column and let callers skip known zeros.
 */
function addRowDots(
  x: Float64Array,
  y: Float64Array,
  len: number,
  rows: number,
  cols: number,
  out: Float64Array,
  kStart: (i: number, j: number) => number,
  upperOnly: boolean,
  kStop: (i: number, j: number) => number = () => len,
): void {
  for (let kb = 0; kb < len; kb += K_BLOCK) {
    const kEnd = Math.min(kb + K_BLOCK, len);
    for (let jb = 0; jb < cols; jb += J_BLOCK) {
      const jEnd = Math.min(jb + J_BLOCK, cols);
      for (let i = 0; i < rows; i += 4) {
        for (let j = upperOnly ? Math.max(jb, i) : jb; j < jEnd; j += 4) {
          const kFrom = Math.max(kb, kStart(i, j));
          const kTo = Math.min(kEnd, kStop(i, j));
          if (kFrom >= kTo) continue;
          dotTile4x4(x, i * len, y, j * len, len, kFrom, kTo);
          addTile(out, i * cols + j, cols);
        }
      }
    }
  }
}

const fromZero = () => 0;

/**
 * g += the Gram matrix of rows: g[i][j] += Σ_k rows[i][k]·rows[j][k] on the upper triangle
 * (j ≥ i, tile-wise; diagonal tiles also fill part of the lower half). `rows` is d×len, d % 4 = 0.
 */
export function addGramUpper(rows: Float64Array, d: number, len: number, g: Float64Array): void {
  addRowDots(rows, rows, len, d, d, g, fromZero, true);
}

/**
 * Symmetric sandwich R S Rᵀ (n×n, S symmetric, n % 4 = 0).
 * General R: B = R S, then (R S) Rᵀ on the upper half, 3n³ flops.
 * Upper-triangular R (explicit zeros below the diagonal), as LAPACK's dsygst does it in
 * n³ flops instead of 4n³/3: split S = X + Xᵀ with X = triu(S), diagonal halved; then
 * R S Rᵀ = H + Hᵀ with H = (R X) Rᵀ, where R X is upper triangular (n³/3 flops) and
 * (R X) Rᵀ sums only over k ≥ max(i, j) (2n³/3 flops).
 */
export function symmetricSandwich(r: Float64Array, s: Float64Array, n: number, upperTriangular: boolean): Float64Array {
  if (!upperTriangular) {
    // B[i][j] = Σ_k R[i][k] S[k][j] = Σ_k R[i][k] S[j][k], since S is symmetric.
    const b = new Float64Array(n * n);
    addRowDots(r, s, n, n, n, b, fromZero, false);
    const m = new Float64Array(n * n);
    addRowDots(b, r, n, n, n, m, fromZero, true);
    mirrorUpper(m, n);
    return m;
  }
  // Row j of Xᵀ is row j of S up to the diagonal, which is halved; zeros after it.
  const xT = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    xT.set(s.subarray(j * n, j * n + j), j * n);
    xT[j * n + j] = s[j * n + j] / 2;
  }
  // G = R X: G[i][j] = Σ_{i ≤ k ≤ j} R[i][k] Xᵀ[j][k], upper tiles only.
  const g = new Float64Array(n * n);
  addRowDots(r, xT, n, n, n, g, (i) => i, true, (_i, j) => j + 4);
  // H = G Rᵀ: H[i][j] = Σ_{k ≥ max(i, j)} G[i][k] R[j][k]; lower tiles of G are zero.
  const h = new Float64Array(n * n);
  addRowDots(g, r, n, n, n, h, (i, j) => Math.max(i, j), false);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const v = h[i * n + j] + h[j * n + i];
      h[i * n + j] = v;
      h[j * n + i] = v;
    }
  }
  return h;
}

/** Copies the upper triangle onto the lower one. */
export function mirrorUpper(m: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) for (let j = 0; j < i; j++) m[i * n + j] = m[j * n + i];
}

/**
 * Cholesky factor of a symmetric positive definite matrix, returned as the upper factor
 * U = Lᵀ (A = Uᵀ U) with explicit zeros below the diagonal, or null when a pivot falls
 * below `minPivot` (the matrix is singular or not positive definite to working precision).
 * Left-looking in 4×4 tiles: L[I][J] = (A[I][J] − L[I][:J]·L[J][:J]ᵀ)·L[J][J]⁻ᵀ, all row dots.
 */
export function choleskyUpper(a: Float64Array, n: number, minPivot: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i += 4) {
    for (let j = 0; j <= i; j += 4) {
      dotTile4x4(l, i * n, l, j * n, n, 0, j);
      for (let r = 0; r < 4; r++) {
        const row = (i + r) * n;
        const cols = j === i ? r + 1 : 4;
        for (let c = 0; c < cols; c++) {
          const col = j + c;
          let v = a[row + col] - tile[4 * r + c];
          for (let m = j; m < col; m++) v -= l[row + m] * l[col * n + m];
          if (col === i + r) {
            if (!(v > minPivot)) return null;
            l[row + col] = Math.sqrt(v);
          } else {
            l[row + col] = v / l[col * n + col];
          }
        }
      }
    }
  }
  const u = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) u[j * n + i] = l[i * n + j];
  return u;
}

/** All row dot products X Yᵀ (nx×ny, row-major) of X (nx×len) and Y (ny×len), any sizes. */
export function rowDotProducts(x: Float64Array, nx: number, y: Float64Array, ny: number, len: number): Float64Array {
  const px = Math.ceil(nx / 4) * 4;
  const py = Math.ceil(ny / 4) * 4;
  const padRows = (m: Float64Array, rows: number, padded: number) => {
    if (rows === padded) return m;
    const out = new Float64Array(padded * len);
    out.set(m.subarray(0, rows * len));
    return out;
  };
  const out = new Float64Array(px * py);
  addRowDots(padRows(x, nx, px), padRows(y, ny, py), len, px, py, out, fromZero, false);
  if (px === nx && py === ny) return out;
  const trimmed = new Float64Array(nx * ny);
  for (let i = 0; i < nx; i++) trimmed.set(out.subarray(i * py, i * py + ny), i * ny);
  return trimmed;
}

