import { extractInBatches, type FeatureExtractor, type ImageBatchSource } from '@gancond/core';

/**
 * Class probabilities of the images of `images` (a dataset's, `datasetImages`, or a
 * generator's, `generatedImages`, from @gancond/core), row-major [count, numClasses].
 */
export function collectProbabilities(extractor: FeatureExtractor, images: ImageBatchSource, batchSize: number): Float32Array {
  const out = new Float32Array(images.count * extractor.numClasses);
  extractInBatches(extractor, images, batchSize, 'probabilities', (values, start) => out.set(values, start * extractor.numClasses));
  return out;
}
