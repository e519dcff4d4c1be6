import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../src/backend/selectBackend';
import type { ImageDataset } from '../../src/data/ImageDataset';
import { loadFashionMnist, loadMnist } from '../../src/data/mnistLike';
import { loadFeatureExtractor } from '../../src/evaluation/FeatureExtractor';

/** Where the Debian package `dataset-fashion-mnist` puts the Fashion-MNIST files. */
const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

async function testAccuracy(extractorName: string, test: ImageDataset): Promise<number> {
  await selectBackend('wasm');
  assert.equal(test.size, 10000);
  const extractor = await loadFeatureExtractor(extractorName);
  const batch = 1000;
  let correct = 0;
  for (let start = 0; start < test.size; start += batch) {
    const predicted = tf.tidy(() => {
      const images = tf.tensor4d(test.images.subarray(start * 784, (start + batch) * 784), [batch, 28, 28, 1]);
      return tf.argMax(extractor.extract(images).probabilities, 1).dataSync();
    });
    predicted.forEach((label, i) => (correct += label === test.labels[start + i] ? 1 : 0));
  }
  extractor.dispose();
  return correct / test.size;
}

describe('accuracy of the shipped classifiers on all 10 000 test images', () => {
  it('mnist-classifier: at least 99.0% on MNIST', async (t) => {
    const accuracy = await testAccuracy('mnist-classifier', loadMnist('test'));
    t.diagnostic(`mnist-classifier test accuracy: ${(100 * accuracy).toFixed(2)}%`);
    assert.ok(accuracy >= 0.99, `test accuracy ${accuracy}`);
  });

  it('fashion-mnist-classifier: at least 90.0% on Fashion-MNIST', { skip: !fs.existsSync(FASHION_MNIST_DIR) && `${FASHION_MNIST_DIR} not installed` }, async (t) => {
    const accuracy = await testAccuracy('fashion-mnist-classifier', loadFashionMnist(FASHION_MNIST_DIR, 'test'));
    t.diagnostic(`fashion-mnist-classifier test accuracy: ${(100 * accuracy).toFixed(2)}%`);
    assert.ok(accuracy >= 0.9, `test accuracy ${accuracy}`);
  });
});
