import * as tf from '@tensorflow/tfjs-core';
import type { FeatureExtractor, ImageDataset, LatentSampler, RandomStream } from '@gancond/core';
import { FeatureStatisticsAccumulator } from './FeatureStatisticsAccumulator';
import type { FeatureStatistics } from './statistics';

export interface CollectedFeatures {
  stats: FeatureStatistics;
  /** The feature matrix [count, dim], only when asked for (KID needs it; FID does not). */
  features?: Float32Array;
}

/**
 * Streams `count` images, made batch by batch by `makeBatch(start, size)` (disposed here),
 * through the extractor into a float64 statistics accumulator.
 */
export function collectFeatures(
  extractor: FeatureExtractor,
  count: number,
  batchSize: number,
  makeBatch: (start: number, size: number) => tf.Tensor4D,
  options: { keepFeatures?: boolean; source?: string } = {},
): CollectedFeatures {
  const accumulator = new FeatureStatisticsAccumulator(extractor.featureDim, options.source);
  const kept = options.keepFeatures ? new Float32Array(count * extractor.featureDim) : undefined;
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    const values = tf.tidy(() => extractor.extract(makeBatch(start, size)).features.dataSync());
    accumulator.add(values);
    kept?.set(values, start * extractor.featureDim);
  }
  return { stats: accumulator.finish(), features: kept };
}

/** Features of the first `limit` images of a dataset (all of them by default). */
export function datasetFeatures(
  extractor: FeatureExtractor,
  dataset: ImageDataset,
  batchSize: number,
  options: { limit?: number; keepFeatures?: boolean; source?: string } = {},
): CollectedFeatures {
  const [h, w, c] = dataset.shape;
  const pixels = h * w * c;
  const count = Math.min(options.limit ?? dataset.size, dataset.size);
  return collectFeatures(
    extractor,
    count,
    batchSize,
    (start, size) => tf.tensor4d(dataset.images.subarray(start * pixels, (start + size) * pixels), [size, h, w, c]),
    options,
  );
}

/** What is needed of a generator (a tfjs-layers model): `predict` runs it in inference mode. */
export interface ImageGenerator {
  predict(z: tf.Tensor): tf.Tensor | tf.Tensor[];
}

/** Features of `count` images G(z), z ~ p(z) drawn from `stream`. */
export function generatedFeatures(
  extractor: FeatureExtractor,
  generator: ImageGenerator,
  sampler: Pick<LatentSampler, 'sample'>,
  stream: RandomStream,
  count: number,
  batchSize: number,
  options: { keepFeatures?: boolean; source?: string } = {},
): CollectedFeatures {
  return collectFeatures(
    extractor,
    count,
    batchSize,
    (_, size) => generator.predict(sampler.sample(size, stream)) as tf.Tensor4D,
    options,
  );
}
