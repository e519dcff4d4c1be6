import { type LatentPrior, LatentSampler, RandomStream } from '@gancond/core';

/**
 * The latent points of the `fixed` seed policy: `samples` draws from p(z) by a stream of
 * their own, derived from the run's seed and outside the checkpointed streams, so every
 * probe of a run (and of its resumptions, and `gancond spectrum` on its checkpoints) sees
 * the same z.
 */
export function fixedProbeLatents(runSeed: number, samples: number, latentDim: number, prior: LatentPrior): Float32Array {
  const stream = new RandomStream(`${runSeed}/plugin:spectrum/fixed`);
  return new LatentSampler(latentDim, prior, stream).sampleValues(samples);
}
