import { extractInBatches, type FeatureExtractor, type ImageBatchSource } from '@gancond/core';
import { FeatureStatisticsAccumulator } from './FeatureStatisticsAccumulator';
import type { FeatureStatistics } from './statistics';

export interface CollectedFeatures {
  stats: FeatureStatistics;
  /** The feature matrix [count, dim], only when asked for (KID needs it; FID does not). */
  features?: Float32Array;
}

/**
 * Streams the images of `images` (a dataset's, `datasetImages`, or a generator's,
 * `generatedImages`, from @gancond/core) through the extractor into a float64 statistics
 * accumulator, batch by batch; keeps the feature matrix too when asked.
 */
export function collectFeatures(
  extractor: FeatureExtractor,
  images: ImageBatchSource,
  batchSize: number,
  options: { keepFeatures?: boolean; source?: string } = {},
): CollectedFeatures {
  const accumulator = new FeatureStatisticsAccumulator(extractor.featureDim, options.source);
  const kept = options.keepFeatures ? new Float32Array(images.count * extractor.featureDim) : undefined;
  extractInBatches(extractor, images, batchSize, 'features', (values, start) => {
    accumulator.add(values);
    kept?.set(values, start * extractor.featureDim);
  });
  return { stats: accumulator.finish(), features: kept };
}
