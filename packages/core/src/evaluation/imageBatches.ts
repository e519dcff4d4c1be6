import * as tf from '@tensorflow/tfjs-core';
import type { ImageDataset } from '../data/ImageDataset';
import type { RandomStream } from '../random/RandomStreams';
import type { LatentSampler } from '../trainer/LatentSampler';

/**
 * `count` images to score, made on demand batch by batch: `batch(start, size)` returns
 * images start..start+size-1 as a new [size, h, w, c] tensor in [-1, 1], owned by the
 * caller. Batches are asked for in order, once each.
 */
export interface ImageBatchSource {
  count: number;
  batch(start: number, size: number): tf.Tensor4D;
}

/** The first `limit` images of a dataset (all of them by default). */
export function datasetImages(dataset: ImageDataset, limit = dataset.size): ImageBatchSource {
  const [h, w, c] = dataset.shape;
  const pixels = h * w * c;
  return {
    count: Math.min(limit, dataset.size),
    batch: (start, size) => tf.tensor4d(dataset.images.subarray(start * pixels, (start + size) * pixels), [size, h, w, c]),
  };
}

/** What is needed of a generator (a tfjs-layers model): `predict` runs it in inference mode. */
export interface ImageGenerator {
  predict(z: tf.Tensor): tf.Tensor | tf.Tensor[];
}

/** `count` images G(z), z ~ p(z) drawn from `stream` one batch at a time. */
export function generatedImages(
  generator: ImageGenerator,
  sampler: Pick<LatentSampler, 'sample'>,
  stream: RandomStream,
  count: number,
): ImageBatchSource {
  return {
    count,
    batch: (_, size) => tf.tidy(() => generator.predict(sampler.sample(size, stream)) as tf.Tensor4D),
  };
}
