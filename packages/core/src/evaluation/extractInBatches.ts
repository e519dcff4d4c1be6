import * as tf from '@tensorflow/tfjs-core';
import type { FeatureExtractor } from './FeatureExtractor';
import type { ImageBatchSource } from './imageBatches';

/**
 * Runs the extractor over all images of `images`, `batchSize` at a time, each batch inside
 * tf.tidy (no tensor outlives it), and hands `onBatch` the batch's `output` rows,
 * row-major [size, featureDim or numClasses], with the index of its first image.
 */
export function extractInBatches(
  extractor: FeatureExtractor,
  images: ImageBatchSource,
  batchSize: number,
  output: 'features' | 'probabilities',
  onBatch: (values: Float32Array, start: number) => void,
): void {
  for (let start = 0; start < images.count; start += batchSize) {
    const size = Math.min(batchSize, images.count - start);
    const values = tf.tidy(() => extractor.extract(images.batch(start, size))[output].dataSync<'float32'>());
    onBatch(values, start);
  }
}
