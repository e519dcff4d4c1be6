import * as tf from '@tensorflow/tfjs-core';
import type { RandomStream } from '../random/RandomStreams';

/** The latent prior p(z). */
export type LatentPrior = 'normal' | 'uniform';

/** Draws latent batches z ~ p(z), [batch, dim], from a seeded stream. */
export class LatentSampler {
  constructor(
    readonly dim: number,
    readonly prior: LatentPrior,
    private readonly stream: RandomStream,
  ) {}

  /** Raw values, batch * dim, from `stream` (the sampler's own stream by default). */
  sampleValues(batch: number, stream: RandomStream = this.stream): Float32Array {
    const n = batch * this.dim;
    return this.prior === 'normal' ? stream.fillNormal(n) : stream.fillUniform(n, -1, 1);
  }

  sample(batch: number, stream: RandomStream = this.stream): tf.Tensor2D {
    return tf.tensor2d(this.sampleValues(batch, stream), [batch, this.dim]);
  }
}
