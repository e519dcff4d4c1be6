/**
 * M = JᵀJ (d x d, row-major) in float64 from the d columns of one point's Jacobian, stored
 * consecutively in `columns` (float32, d * n values starting at `offset`).
 *
 * Formed in float64 in plain JS because tfjs has no float64: a float32 Gram matrix carries
 * rounding errors of about 1e-7 * λ_max, which would swamp every eigenvalue below that and
 * make condition numbers beyond about 1e6 meaningless.
 */
export function metricTensor(columns: Float32Array, offset: number, latentDim: number, outputSize: number): Float64Array {
  const d = latentDim;
  const n = outputSize;
  const c = Float64Array.from(columns.subarray(offset, offset + d * n));
  const m = new Float64Array(d * d);
  for (let i = 0; i < d; i++) {
    const ci = i * n;
    let j = i;
    // Four columns at a time: each load of column i serves four dot products.
    for (; j + 3 < d; j += 4) {
      const c0 = j * n;
      const c1 = c0 + n;
      const c2 = c1 + n;
      const c3 = c2 + n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let k = 0; k < n; k++) {
        const x = c[ci + k];
        s0 += x * c[c0 + k];
        s1 += x * c[c1 + k];
        s2 += x * c[c2 + k];
        s3 += x * c[c3 + k];
      }
      m[i * d + j] = m[j * d + i] = s0;
      m[i * d + j + 1] = m[(j + 1) * d + i] = s1;
      m[i * d + j + 2] = m[(j + 2) * d + i] = s2;
      m[i * d + j + 3] = m[(j + 3) * d + i] = s3;
    }
    for (; j < d; j++) {
      const cj = j * n;
      let s = 0;
      for (let k = 0; k < n; k++) s += c[ci + k] * c[cj + k];
      m[i * d + j] = m[j * d + i] = s;
    }
  }
  return m;
}
