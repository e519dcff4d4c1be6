import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import {
  LatentSampler,
  RandomStream,
  datasetImages,
  generatedImages,
  loadFeatureExtractor,
  loadMnist,
  selectBackend,
  type FeatureExtractor,
  type ImageGenerator,
} from '@gancond/core';
import { collectProbabilities } from '../src/classProbabilities';
import { inceptionScore } from '../src/inceptionScore';

/** A small fixed "generator": z [B, 8] -> tanh(z W) reshaped to 28x28x1 images in [-1, 1]. */
function linearGenerator(stream: RandomStream): ImageGenerator & { dispose(): void } {
  const w = tf.tensor2d(stream.fillNormal(8 * 784), [8, 784]);
  return {
    predict: (z) => tf.tidy(() => tf.reshape(tf.tanh(tf.matMul(z as tf.Tensor2D, w)), [-1, 28, 28, 1])),
    dispose: () => w.dispose(),
  };
}

describe('class probabilities with the shipped mnist-classifier', () => {
  let extractor: FeatureExtractor;
  before(async () => {
    await selectBackend('wasm');
    extractor = await loadFeatureExtractor('mnist-classifier');
  });

  it('scores the real MNIST test set close to 10 (the README figure)', (t) => {
    const test = loadMnist('test');
    const probabilities = collectProbabilities(extractor, datasetImages(test), 1000);
    assert.equal(probabilities.length, 10000 * 10);
    const score = inceptionScore(probabilities, 10, 10);
    t.diagnostic(`IS of the MNIST test set (10 000 images, 10 splits): ${score.mean.toFixed(4)} ± ${score.std.toFixed(4)}`);
    assert.ok(score.mean > 9.5 && score.mean < 10, String(score.mean));
    assert.ok(score.std < 0.2, String(score.std));
  });

  it('does not depend on the batch size, and leaks no tensors', () => {
    const test = loadMnist('test', { limit: 100 });
    const before = tf.memory().numTensors;
    const a = collectProbabilities(extractor, datasetImages(test), 7);
    const b = collectProbabilities(extractor, datasetImages(test), 100);
    assert.equal(tf.memory().numTensors, before);
    a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-5, `${i}: ${v} vs ${b[i]}`));
  });

  it('classifies generated images from a seeded latent stream: reproducible, limited, leak-free', () => {
    const generator = linearGenerator(new RandomStream('gen'));
    const sampler = new LatentSampler(8, 'normal', new RandomStream('unused'));
    const before = tf.memory().numTensors;
    const a = collectProbabilities(extractor, generatedImages(generator, sampler, new RandomStream('z'), 30), 8);
    const b = collectProbabilities(extractor, generatedImages(generator, sampler, new RandomStream('z'), 30), 30);
    const c = collectProbabilities(extractor, generatedImages(generator, sampler, new RandomStream('other z'), 30), 8);
    assert.equal(tf.memory().numTensors, before);
    assert.equal(a.length, 300);
    a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-5));
    assert.ok(a.some((v, i) => Math.abs(v - c[i]) > 1e-3), 'different latent draws give different probabilities');
    generator.dispose();
  });
});
