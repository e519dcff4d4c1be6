import type * as tf from '@tensorflow/tfjs-core';
import type * as tfl from '@tensorflow/tfjs-layers';

/** A generator and its discriminator. */
export interface ModelPair {
  /** latent [batch, latentDim] -> image [batch, h, w, c] in [-1, 1]. */
  generator: tfl.LayersModel;
  /** image [batch, h, w, c] -> logit [batch, 1]. */
  discriminator: tfl.LayersModel;
}

/**
 * What a model builder receives. Custom model modules get the same object (and use its
 * `tf`/`tfl` rather than importing their own copies, so tensors share one engine).
 */
export interface ModelBuildContext {
  latentDim: number;
  /** [h, w, c] of the training images. */
  imageShape: [number, number, number];
  /** Channel width of the widest generator layer. */
  width: number;
  /** A fresh 32-bit seed from the run's `init` stream, for each initializer. */
  nextSeed(): number;
  tf: typeof tf;
  tfl: typeof tfl;
}
