import type { PenaltyOptions } from './options';

/** Anything that draws standard normal numbers: a gancond `RandomStream`, or your own. */
export interface NormalSource {
  normal(): number;
}

/**
 * δ for a latent batch [batch, dim], row-major: δ ~ N(0, I) rescaled so that each row
 * (per-example) or the whole batch (per-batch) has Euclidean norm ε. Drawn and rescaled
 * in float64 on the CPU: it carries no gradient, and draws from a seeded stream keep runs
 * reproducible and resumable.
 */
export function drawPerturbation(
  rng: NormalSource,
  batch: number,
  dim: number,
  epsilon: number,
  granularity: PenaltyOptions['granularity'],
): Float32Array {
  const raw = new Float64Array(batch * dim);
  for (let i = 0; i < raw.length; i++) raw[i] = rng.normal();
  const out = new Float32Array(raw.length);
  const groupSize = granularity === 'per-example' ? dim : batch * dim;
  for (let start = 0; start < raw.length; start += groupSize) {
    let sumSquares = 0;
    for (let i = start; i < start + groupSize; i++) sumSquares += raw[i] * raw[i];
    if (!(sumSquares > 0)) throw new Error(`the normal source drew ${sumSquares === 0 ? 'an all-zero' : 'a non-finite'} perturbation`);
    const scale = epsilon / Math.sqrt(sumSquares);
    for (let i = start; i < start + groupSize; i++) out[i] = raw[i] * scale;
  }
  return out;
}
