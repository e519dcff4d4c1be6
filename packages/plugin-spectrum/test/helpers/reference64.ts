/**
 * Float64 references in plain JS, independent of tfjs and of the package's code path:
 * generators re-stated in float64, their Jacobians (analytic or by central differences)
 * and the squared singular values by one-sided Jacobi SVD (not the eigensolver the
 * package uses).
 */

/** A generator in float64: one latent vector -> flattened output. */
export type Generator64 = (latent: Float64Array) => Float64Array;

/** y = x K + b for one example; K row-major [in, out]. */
export function dense64(x: Float64Array, kernel: Float64Array, bias: Float64Array): Float64Array {
  const out = Float64Array.from(bias);
  for (let i = 0; i < x.length; i++) for (let o = 0; o < bias.length; o++) out[o] += x[i] * kernel[i * bias.length + o];
  return out;
}

/** Analytic Jacobian (n x d, row-major) of z -> tanh(tanh(z K1 + b1) K2 + b2). */
export function denseTanhJacobian64(z: Float64Array, k1: Float64Array, b1: Float64Array, k2: Float64Array, b2: Float64Array): Float64Array {
  const d = z.length;
  const hidden = b1.length;
  const n = b2.length;
  const h = dense64(z, k1, b1).map(Math.tanh);
  const y = dense64(h, k2, b2).map(Math.tanh);
  const j = new Float64Array(n * d);
  for (let o = 0; o < n; o++) {
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let u = 0; u < hidden; u++) s += k2[u * n + o] * (1 - h[u] ** 2) * k1[i * hidden + u];
      j[o * d + i] = (1 - y[o] ** 2) * s;
    }
  }
  return j;
}

export interface Image64 {
  h: number;
  w: number;
  c: number;
  data: Float64Array; // HWC
}

/**
 * Transposed convolution with 'same' padding, as tfjs defines it: the adjoint of the
 * stride-s 'same' convolution from the [h*s, w*s, outC] output to the input.
 * `filter` is [k, k, outC, inC] row-major (the tfjs-layers conv2dTranspose kernel layout).
 */
export function conv2dTransposeSame64(x: Image64, filter: Float64Array, k: number, outC: number, stride: number, bias: Float64Array): Image64 {
  const H = x.h * stride;
  const W = x.w * stride;
  const padTop = Math.floor(Math.max(0, (x.h - 1) * stride + k - H) / 2);
  const padLeft = Math.floor(Math.max(0, (x.w - 1) * stride + k - W) / 2);
  const out = new Float64Array(H * W * outC);
  for (let p = 0; p < H * W; p++) for (let c = 0; c < outC; c++) out[p * outC + c] = bias[c];
  for (let i = 0; i < x.h; i++) {
    for (let j = 0; j < x.w; j++) {
      for (let a = 0; a < k; a++) {
        const p = i * stride + a - padTop;
        if (p < 0 || p >= H) continue;
        for (let b = 0; b < k; b++) {
          const q = j * stride + b - padLeft;
          if (q < 0 || q >= W) continue;
          for (let o = 0; o < x.c; o++) {
            const v = x.data[(i * x.w + j) * x.c + o];
            for (let c = 0; c < outC; c++) out[(p * W + q) * outC + c] += v * filter[((a * k + b) * outC + c) * x.c + o];
          }
        }
      }
    }
  }
  return { h: H, w: W, c: outC, data: out };
}

/** Batch norm in inference mode over the last axis (tfjs-layers' default epsilon 1e-3). */
export function batchNormInference64(x: Float64Array, channels: number, gamma: Float64Array, beta: Float64Array, mean: Float64Array, variance: Float64Array): Float64Array {
  return x.map((v, i) => {
    const c = i % channels;
    return (gamma[c] * (v - mean[c])) / Math.sqrt(variance[c] + 1e-3) + beta[c];
  });
}

/** Central-difference Jacobian (n x d, row-major) of `g` at z, step h. */
export function centralDifferenceJacobian(g: Generator64, z: Float64Array, h: number): Float64Array {
  const d = z.length;
  const n = g(z).length;
  const j = new Float64Array(n * d);
  for (let i = 0; i < d; i++) {
    const plus = Float64Array.from(z);
    const minus = Float64Array.from(z);
    plus[i] += h;
    minus[i] -= h;
    const yp = g(plus);
    const ym = g(minus);
    for (let o = 0; o < n; o++) j[o * d + i] = (yp[o] - ym[o]) / (2 * h);
  }
  return j;
}

/**
 * Squared singular values (descending) of the n x d matrix `a` (row-major) by one-sided
 * Jacobi: rotate column pairs until all are orthogonal; the column norms are then the
 * singular values. Slow and simple, which is what a reference should be.
 */
export function squaredSingularValues(a: Float64Array, n: number, d: number): number[] {
  const u = Float64Array.from(a);
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < d - 1; p++) {
      for (let q = p + 1; q < d; q++) {
        let alpha = 0;
        let beta = 0;
        let gamma = 0;
        for (let i = 0; i < n; i++) {
          const x = u[i * d + p];
          const y = u[i * d + q];
          alpha += x * x;
          beta += y * y;
          gamma += x * y;
        }
        if (Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta) || gamma === 0) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < n; i++) {
          const x = u[i * d + p];
          const y = u[i * d + q];
          u[i * d + p] = c * x - s * y;
          u[i * d + q] = s * x + c * y;
        }
      }
    }
    if (!rotated) break;
  }
  const values: number[] = [];
  for (let j = 0; j < d; j++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += u[i * d + j] ** 2;
    values.push(s);
  }
  return values.sort((x, y) => y - x);
}

/** n x d matrix with orthonormal columns (Gram-Schmidt on a Gaussian matrix). */
export function orthonormalColumns(n: number, d: number, normal: () => number): Float64Array {
  const m = new Float64Array(n * d).map(normal);
  for (let j = 0; j < d; j++) {
    for (let k = 0; k < j; k++) {
      let dot = 0;
      for (let i = 0; i < n; i++) dot += m[i * d + j] * m[i * d + k];
      for (let i = 0; i < n; i++) m[i * d + j] -= dot * m[i * d + k];
    }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += m[i * d + j] ** 2;
    for (let i = 0; i < n; i++) m[i * d + j] /= Math.sqrt(norm);
  }
  return m;
}

/**
 * Asserts that `actual` (descending) matches `expected` (descending) to relative error
 * `rtol` for every eigenvalue above `floor` times the largest. Returns the worst relative
 * error seen, for the message.
 */
export function compareSpectra(actual: readonly number[], expected: readonly number[], rtol: number, floor: number): { worst: number; compared: number; failures: string[] } {
  const failures: string[] = [];
  let worst = 0;
  let compared = 0;
  if (actual.length !== expected.length) failures.push(`lengths ${actual.length} vs ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    if (expected[i] <= floor * expected[0]) continue;
    compared++;
    const rel = Math.abs(actual[i] - expected[i]) / expected[i];
    worst = Math.max(worst, rel);
    if (!(rel < rtol)) failures.push(`λ_${i}: got ${actual[i]}, expected ${expected[i]} (relative error ${rel.toExponential(2)})`);
  }
  return { worst, compared, failures };
}
