/**
 * Float64 references in plain JS: an independent re-statement of Algorithm 1 for the
 * tests to compare the tfjs implementation against.
 */

/** Gaussian n x d matrix (row-major, float64) from a normal source. */
export function gaussianMatrix(rows: number, cols: number, normal: () => number): Float64Array {
  const m = new Float64Array(rows * cols);
  for (let i = 0; i < m.length; i++) m[i] = normal();
  return m;
}

/** n x d (n ≥ d) with orthonormal columns, by Gram-Schmidt on a Gaussian matrix. */
export function orthonormalColumns(n: number, d: number, normal: () => number): Float64Array {
  const m = gaussianMatrix(n, d, normal);
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

/** δ as the issue defines it: N(0, I) draws rescaled per row (or over all rows) to norm ε. */
export function referenceDelta(normal: () => number, batch: number, dim: number, epsilon: number, perExample: boolean): Float64Array {
  const delta = gaussianMatrix(batch, dim, normal);
  const groups = perExample ? batch : 1;
  const size = delta.length / groups;
  for (let g = 0; g < groups; g++) {
    let s = 0;
    for (let i = g * size; i < (g + 1) * size; i++) s += delta[i] ** 2;
    for (let i = g * size; i < (g + 1) * size; i++) delta[i] *= epsilon / Math.sqrt(s);
  }
  return delta;
}

/** Row-major [batch, n] outputs of a generator given as a float64 function of one latent. */
export type Generator64 = (latent: Float64Array) => Float64Array;

/** Linear generator x = W z, W n x d row-major. */
export const linear64 =
  (w: Float64Array, n: number, d: number): Generator64 =>
  (latent) => {
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) out[i] += w[i * d + j] * latent[j];
    return out;
  };

export interface ReferencePenalty {
  penalty: number;
  q: number[];
}

/** Algorithm 1 in float64 for latents z [batch, dim] and a given δ. */
export function referencePenalty(
  generate: Generator64,
  z: Float64Array,
  delta: Float64Array,
  batch: number,
  dim: number,
  lambdaMin: number,
  lambdaMax: number,
  perExample: boolean,
): ReferencePenalty {
  const numerators = new Array<number>(batch).fill(0);
  const denominators = new Array<number>(batch).fill(0);
  for (let b = 0; b < batch; b++) {
    const zb = z.slice(b * dim, (b + 1) * dim);
    const zPrime = zb.map((v, j) => v + delta[b * dim + j]);
    const gz = generate(zb);
    const gzPrime = generate(zPrime);
    for (let i = 0; i < gz.length; i++) numerators[b] += (gz[i] - gzPrime[i]) ** 2;
    for (let j = 0; j < dim; j++) denominators[b] += delta[b * dim + j] ** 2;
  }
  const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0);
  const q = perExample
    ? numerators.map((n, b) => Math.sqrt(n) / Math.sqrt(denominators[b]))
    : [Math.sqrt(sum(numerators)) / Math.sqrt(sum(denominators))];
  const clamp = (x: number) => (Math.max(x, lambdaMax) - lambdaMax) ** 2 + (Math.min(x, lambdaMin) - lambdaMin) ** 2;
  return { penalty: sum(q.map(clamp)) / q.length, q };
}
