import * as tf from '@tensorflow/tfjs-core';
import type { FeatureExtractor, ImageDataset, LatentSampler, RandomStream } from '@gancond/core';

/**
 * Class probabilities of `count` images produced batch by batch by `makeBatch(start, size)`
 * (the caller's tensor, disposed here), row-major [count, numClasses].
 */
export function collectProbabilities(
  extractor: FeatureExtractor,
  count: number,
  batchSize: number,
  makeBatch: (start: number, size: number) => tf.Tensor4D,
): Float32Array {
  const out = new Float32Array(count * extractor.numClasses);
  for (let start = 0; start < count; start += batchSize) {
    const size = Math.min(batchSize, count - start);
    tf.tidy(() => {
      const { probabilities } = extractor.extract(makeBatch(start, size));
      out.set(probabilities.dataSync(), start * extractor.numClasses);
    });
  }
  return out;
}

/** Class probabilities of the images of a dataset (all of them, or its first `limit`). */
export function datasetProbabilities(extractor: FeatureExtractor, dataset: ImageDataset, batchSize: number, limit = dataset.size): Float32Array {
  const [h, w, c] = dataset.shape;
  const pixels = h * w * c;
  const count = Math.min(limit, dataset.size);
  return collectProbabilities(extractor, count, batchSize, (start, size) =>
    tf.tensor4d(dataset.images.subarray(start * pixels, (start + size) * pixels), [size, h, w, c]),
  );
}

/** What is needed of a generator (a tfjs-layers model): `predict` runs it in inference mode. */
export interface ImageGenerator {
  predict(z: tf.Tensor): tf.Tensor | tf.Tensor[];
}

/** Class probabilities of `count` images G(z), z ~ p(z) drawn from `stream`, G in inference mode. */
export function generatedProbabilities(
  extractor: FeatureExtractor,
  generator: ImageGenerator,
  sampler: Pick<LatentSampler, 'sample'>,
  stream: RandomStream,
  count: number,
  batchSize: number,
): Float32Array {
  return collectProbabilities(extractor, count, batchSize, (_, size) => generator.predict(sampler.sample(size, stream)) as tf.Tensor4D);
}
