import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import type { FeatureExtractor } from '@gancond/core';

export const FIXTURES = path.join(__dirname, '..', '..', 'test', 'fixtures');

const created: string[] = [];
process.on('exit', () => {
  for (const dir of created) fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory, removed when the test process exits. */
export function tempDir(prefix = 'gancond-fid-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function gaussian(): number {
  return Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
}

export function randomMatrix(rows: number, cols: number, scale = 1, offset = 0): Float64Array {
  return Float64Array.from({ length: rows * cols }, () => gaussian() * scale + offset);
}

/** Two-pass float64 mean and unbiased covariance of a row-major [n, d] matrix: the batch reference. */
export function batchStatistics(x: ArrayLike<number>, n: number, d: number) {
  const mu = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) mu[j] += x[r * d + j] / n;
  const sigma = new Float64Array(d * d);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < d; i++) {
      const xi = x[r * d + i] - mu[i];
      for (let j = 0; j < d; j++) sigma[i * d + j] += (xi * (x[r * d + j] - mu[j])) / (n - 1);
    }
  }
  return { dim: d, mu, sigma, count: n };
}

/** Random covariance of n samples of d correlated features. */
export function randomCovariance(d: number, n: number, scale = 1): Float64Array {
  const mix = randomMatrix(d, d, scale / Math.sqrt(d));
  const x = randomMatrix(n, d);
  const y = new Float64Array(n * d);
  for (let r = 0; r < n; r++) for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) y[r * d + j] += x[r * d + k] * mix[k * d + j];
  return batchStatistics(y, n, d).sigma;
}

/**
 * A tiny extractor implementing core's FeatureExtractor: features are fixed random linear
 * maps of the mean-pooled image rows; counts the images it sees.
 */
export function linearExtractor(featureDim = 6, name = 'test-linear'): FeatureExtractor & { imagesSeen: number } {
  const weights = tf.keep(tf.randomNormal([28, featureDim], 0, 1, 'float32', 7));
  const extractor = {
    name,
    inputShape: [28, 28, 1] as [number, number, number],
    featureDim,
    numClasses: featureDim,
    imagesSeen: 0,
    extract(images: tf.Tensor4D) {
      extractor.imagesSeen += images.shape[0];
      return tf.tidy(() => {
        const rows = tf.mean(images, [2, 3]) as tf.Tensor2D;
        const features = tf.matMul(rows, weights) as tf.Tensor2D;
        return { features, probabilities: tf.softmax(features) as tf.Tensor2D };
      });
    },
    dispose() {
      weights.dispose();
    },
  };
  return extractor;
}

export function assertRelativeClose(actual: number, expected: number, tolerance: number, label: string): void {
  const error = Math.abs(actual - expected) / Math.max(Math.abs(expected), 1e-300);
  if (!(error <= tolerance)) throw new Error(`${label}: ${actual} vs ${expected} (relative error ${error}, tolerance ${tolerance})`);
}
