import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../src/backend/selectBackend';
import type { ImageDataset } from '../../src/data/ImageDataset';
import { extractInBatches } from '../../src/evaluation/extractInBatches';
import type { FeatureExtractor } from '../../src/evaluation/FeatureExtractor';
import { datasetImages, generatedImages } from '../../src/evaluation/imageBatches';
import { RandomStream } from '../../src/random/RandomStreams';
import { LatentSampler } from '../../src/trainer/LatentSampler';

const SHAPE: [number, number, number] = [3, 2, 2];
const PIXELS = 12;
const FEATURES = 5;
const random = (n: number) => Float32Array.from({ length: n }, () => 2 * Math.random() - 1);

/** features = flattened image · W, probabilities = softmax(features); and the same in float64 JS. */
function linearExtractor(w: Float32Array): FeatureExtractor {
  const weights = tf.tensor2d(w, [PIXELS, FEATURES]);
  return {
    name: 'linear',
    inputShape: SHAPE,
    featureDim: FEATURES,
    numClasses: FEATURES,
    extract: (images) =>
      tf.tidy(() => {
        const features = tf.matMul(tf.reshape(images, [-1, PIXELS]), weights) as tf.Tensor2D;
        return { features, probabilities: tf.softmax(features) };
      }),
    dispose: () => weights.dispose(),
  };
}

function referenceRows(images: ArrayLike<number>, w: Float32Array, output: 'features' | 'probabilities'): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < images.length / PIXELS; i++) {
    const f = Array.from({ length: FEATURES }, (_, j) => {
      let sum = 0;
      for (let p = 0; p < PIXELS; p++) sum += images[i * PIXELS + p] * w[p * FEATURES + j];
      return sum;
    });
    const max = Math.max(...f);
    const e = f.map((v) => Math.exp(v - max));
    const total = e.reduce((a, b) => a + b, 0);
    rows.push(output === 'features' ? f : e.map((v) => v / total));
  }
  return rows;
}

/** Runs extractInBatches and gathers what it hands over: each call's start and rows. */
function collect(extractor: FeatureExtractor, source: Parameters<typeof extractInBatches>[1], batchSize: number, output: 'features' | 'probabilities') {
  const calls: { start: number; rows: number[][] }[] = [];
  extractInBatches(extractor, source, batchSize, output, (values, start) => {
    assert.ok(values instanceof Float32Array);
    const rows = Array.from({ length: values.length / FEATURES }, (_, r) => Array.from(values.subarray(r * FEATURES, (r + 1) * FEATURES)));
    calls.push({ start, rows });
  });
  return calls;
}

function assertRowsClose(actual: number[][], expected: number[][]): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((row, i) => row.forEach((v, j) => assert.ok(Math.abs(v - expected[i][j]) <= 1e-5 * Math.max(1, Math.abs(expected[i][j])), `[${i}][${j}]: ${v} vs ${expected[i][j]}`)));
}

describe('extractInBatches over image batch sources', () => {
  before(async () => {
    await selectBackend('wasm');
  });

  it("hands over a dataset's first images batch by batch, in order, as the extractor computes them, leaking no tensor", () => {
    const size = 11;
    const dataset: ImageDataset = { name: 'random', split: 'test', shape: SHAPE, size, images: random(size * PIXELS), labels: new Uint8Array(size), numClasses: 10 };
    const w = random(PIXELS * FEATURES);
    const extractor = linearExtractor(w);
    const before = tf.memory().numTensors;
    for (const output of ['features', 'probabilities'] as const) {
      const calls = collect(extractor, datasetImages(dataset, 9), 4, output);
      assert.deepEqual(calls.map((c) => [c.start, c.rows.length]), [[0, 4], [4, 4], [8, 1]]);
      assertRowsClose(calls.flatMap((c) => c.rows), referenceRows(dataset.images.subarray(0, 9 * PIXELS), w, output));
      const all = collect(extractor, datasetImages(dataset), 100, output);
      assert.deepEqual(all.map((c) => [c.start, c.rows.length]), [[0, size]]);
      assertRowsClose(all[0].rows, referenceRows(dataset.images, w, output));
    }
    assert.equal(tf.memory().numTensors, before);
    extractor.dispose();
  });

  it('draws the latents of generated images batch after batch from the given stream', () => {
    const latentDim = 3;
    const a = random(latentDim * PIXELS);
    const mix = tf.tensor2d(a, [latentDim, PIXELS]);
    const generator = { predict: (z: tf.Tensor) => tf.reshape(tf.tanh(tf.matMul(z as tf.Tensor2D, mix)), [-1, ...SHAPE]) };
    const sampler = new LatentSampler(latentDim, 'normal', new RandomStream('unused'));
    const w = random(PIXELS * FEATURES);
    const extractor = linearExtractor(w);
    const before = tf.memory().numTensors;
    const calls = collect(extractor, generatedImages(generator, sampler, new RandomStream('latents'), 7), 3, 'features');
    assert.equal(tf.memory().numTensors, before);
    assert.deepEqual(calls.map((c) => [c.start, c.rows.length]), [[0, 3], [3, 3], [6, 1]]);

    // The same draws by hand: batches of 3, 3 and 1 from a fresh stream of the same seed, G in float64.
    const stream = new RandomStream('latents');
    const z = [3, 3, 1].flatMap((size) => Array.from(sampler.sampleValues(size, stream)));
    const images = new Float64Array(7 * PIXELS);
    for (let i = 0; i < 7; i++) {
      for (let p = 0; p < PIXELS; p++) {
        let sum = 0;
        for (let k = 0; k < latentDim; k++) sum += z[i * latentDim + k] * a[k * PIXELS + p];
        images[i * PIXELS + p] = Math.tanh(sum);
      }
    }
    assertRowsClose(calls.flatMap((c) => c.rows), referenceRows(images, w, 'features'));

    const source = generatedImages(generator, sampler, new RandomStream('latents'), 7);
    const batch = source.batch(0, 2);
    assert.deepEqual(batch.shape, [2, ...SHAPE]);
    assert.equal(tf.memory().numTensors, before + 1, 'only the returned batch outlives the call');
    batch.dispose();
    mix.dispose();
    extractor.dispose();
  });
});
