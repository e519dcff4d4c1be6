import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { selectBackend } from '../../src/backend/selectBackend';
import { loadMnist } from '../../src/data/mnistLike';
import { UserError } from '../../src/errors/UserError';
import { loadFeatureExtractor } from '../../src/evaluation/FeatureExtractor';
import { loadLayersModelFile, saveLayersModel } from '../../src/io/layersModelFiles';
import { RandomStream } from '../../src/random/RandomStreams';
import { tempDir } from '../helpers/tempDir';
import { randomTwoLayerWeights, referenceTwoLayer, saveUserGraphModel, saveUserLayersModel, softmax } from './userModels';

const BUILTIN_MODEL = path.resolve(__dirname, '..', '..', '..', 'models', 'mnist-classifier', 'model.json');

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string) {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const scale = Math.max(1, Math.abs(expected[i]));
    assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance * scale, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

/** Nearest-neighbour 2x upsampling with the grey channel repeated into RGB, in plain JS. */
function upsampleToRgb(images: Float32Array, n: number, side: number): Float32Array {
  const out = new Float32Array(n * 4 * side * side * 3);
  for (let i = 0; i < n; i++)
    for (let y = 0; y < 2 * side; y++)
      for (let x = 0; x < 2 * side; x++)
        for (let c = 0; c < 3; c++)
          out[((i * 2 * side + y) * 2 * side + x) * 3 + c] = images[(i * side + (y >> 1)) * side + (x >> 1)];
  return out;
}

describe('loadFeatureExtractor', () => {
  before(async () => {
    await selectBackend('wasm');
  });

  const mnist = loadMnist('test', { limit: 32 });

  it('loads the shipped mnist-classifier: 128-d penultimate features, 10 probabilities', async () => {
    const extractor = await loadFeatureExtractor('mnist-classifier');
    assert.deepEqual(extractor.inputShape, [28, 28, 1]);
    assert.equal(extractor.featureDim, 128);
    assert.equal(extractor.numClasses, 10);
    const images = tf.tensor4d(mnist.images, [mnist.size, 28, 28, 1]);
    const { features, probabilities } = extractor.extract(images);
    assert.deepEqual(features.shape, [mnist.size, 128]);
    assert.deepEqual(probabilities.shape, [mnist.size, 10]);

    // Probabilities must be the last layer applied to the features: check in float64.
    const model = await loadLayersModelFile(BUILTIN_MODEL);
    const [kernel, bias] = model.getLayer('probabilities').getWeights().map((w) => w.dataSync());
    const f = features.arraySync();
    const p = probabilities.arraySync();
    for (let i = 0; i < mnist.size; i++) {
      assert.ok(f[i].every((v) => v >= 0), 'ReLU features are non-negative');
      const logits = Array.from({ length: 10 }, (_, j) => f[i].reduce((s, v, k) => s + v * kernel[k * 10 + j], bias[j]));
      assertClose(p[i], softmax(logits), 1e-4, `probabilities of example ${i}`);
    }
    model.dispose();
    tf.dispose([images, features, probabilities]);
    extractor.dispose();
  });

  it('resizes and converts channels: a 2x upsampled RGB copy gives the same outputs', async () => {
    const extractor = await loadFeatureExtractor('mnist-classifier');
    const n = 8;
    const small = tf.tensor4d(mnist.images.subarray(0, n * 784), [n, 28, 28, 1]);
    const large = tf.tensor4d(upsampleToRgb(mnist.images, n, 28), [n, 56, 56, 3]);
    const a = extractor.extract(small);
    const b = extractor.extract(large);
    assertClose(b.features.dataSync(), a.features.dataSync(), 1e-4, 'features');
    assertClose(b.probabilities.dataSync(), a.probabilities.dataSync(), 1e-4, 'probabilities');
    tf.dispose([small, large, a.features, a.probabilities, b.features, b.probabilities]);
    extractor.dispose();
  });

  it('does not leak tensors: extract keeps only its results, dispose frees the model', async () => {
    const baseline = tf.memory().numTensors;
    const extractor = await loadFeatureExtractor('mnist-classifier');
    const images = tf.tensor4d(mnist.images.subarray(0, 4 * 784), [4, 28, 28, 1]);
    const loaded = tf.memory().numTensors;
    const { features, probabilities } = extractor.extract(images);
    assert.equal(tf.memory().numTensors, loaded + 2);
    tf.dispose([images, features, probabilities]);
    extractor.dispose();
    assert.equal(tf.memory().numTensors, baseline);
  });

  it('loads a user LayersModel by path, maps [-1, 1] to its input range, softmax output as probabilities', async () => {
    const stream = new RandomStream('user-layers');
    const weights = randomTwoLayerWeights(6 * 6 * 3, 7, 5, stream);
    const dir = tempDir();
    await saveUserLayersModel(path.join(dir, 'user'), [6, 6, 3], weights);
    // Relative path against baseDir, to the directory (model.json implied).
    const extractor = await loadFeatureExtractor('user', { baseDir: dir, inputRange: [0, 255] });
    assert.deepEqual(extractor.inputShape, [6, 6, 3]);
    assert.equal(extractor.featureDim, 7);
    assert.equal(extractor.numClasses, 5);
    const n = 3;
    const x = stream.fillUniform(n * 108);
    const images = tf.tensor4d(x, [n, 6, 6, 3]);
    const { features, probabilities } = extractor.extract(images);
    const ref = referenceTwoLayer(weights, x.map((v) => (v + 1) * 127.5), n);
    assertClose(features.dataSync(), ref.features.flat(), 1e-4, 'features');
    assertClose(probabilities.dataSync(), ref.logits.flatMap(softmax), 1e-4, 'probabilities');
    tf.dispose([images, features, probabilities]);
    extractor.dispose();
  });

  it('repeats grey images into the RGB channels an RGB model expects', async () => {
    const stream = new RandomStream('user-rgb');
    const weights = randomTwoLayerWeights(5 * 5 * 3, 4, 3, stream);
    const file = await saveUserLayersModel(path.join(tempDir(), 'rgb'), [5, 5, 3], weights);
    const extractor = await loadFeatureExtractor(file);
    const n = 2;
    const grey = stream.fillUniform(n * 25);
    const images = tf.tensor4d(grey, [n, 5, 5, 1]);
    const { features, probabilities } = extractor.extract(images);
    const rgb = Array.from({ length: n * 75 }, (_, i) => grey[Math.floor(i / 3)]);
    const ref = referenceTwoLayer(weights, rgb, n);
    assertClose(features.dataSync(), ref.features.flat(), 1e-4, 'features');
    assertClose(probabilities.dataSync(), ref.logits.flatMap(softmax), 1e-4, 'probabilities');
    tf.dispose([images, features, probabilities]);
    extractor.dispose();
  });

  it('honours featureLayer / probabilityLayer / logits on a LayersModel and names unknown layers', async () => {
    const stream = new RandomStream('user-layers-2');
    const weights = randomTwoLayerWeights(16, 4, 3, stream);
    const file = await saveUserLayersModel(path.join(tempDir(), 'm'), [4, 4, 1], weights);
    const extractor = await loadFeatureExtractor(file, { featureLayer: 'feat', probabilityLayer: 'probs' });
    const x = stream.fillUniform(2 * 16);
    const images = tf.tensor4d(x, [2, 4, 4, 1]);
    const { features, probabilities } = extractor.extract(images);
    const ref = referenceTwoLayer(weights, x, 2);
    assertClose(features.dataSync(), ref.features.flat(), 1e-4, 'features');
    assertClose(probabilities.dataSync(), ref.logits.flatMap(softmax), 1e-4, 'probabilities');
    tf.dispose([images, features, probabilities]);
    extractor.dispose();
    await assert.rejects(loadFeatureExtractor(file, { featureLayer: 'pool_3' }), (e: Error) => {
      assert.ok(e instanceof UserError);
      assert.match(e.message, /no layer "pool_3" for the features; layers: .*feat.*probs/);
      return true;
    });
  });

  it('loads a user GraphModel by path: features from a named node, softmax applied to logits', async () => {
    const stream = new RandomStream('user-graph');
    const weights = randomTwoLayerWeights(16, 6, 4, stream);
    const file = saveUserGraphModel(path.join(tempDir(), 'graph'), [4, 4, 1], weights);
    const n = 5;
    const x = stream.fillUniform(n * 16);
    const ref = referenceTwoLayer(weights, x, n);
    for (const options of [{ featureLayer: 'features' }, { featureLayer: 'features', probabilityLayer: 'logits', logits: true }]) {
      const extractor = await loadFeatureExtractor(file, options);
      assert.deepEqual(extractor.inputShape, [4, 4, 1]);
      assert.equal(extractor.featureDim, 6);
      assert.equal(extractor.numClasses, 4);
      const images = tf.tensor4d(x, [n, 4, 4, 1]);
      const { features, probabilities } = extractor.extract(images);
      assertClose(features.dataSync(), ref.features.flat(), 1e-4, 'features');
      assertClose(probabilities.dataSync(), ref.logits.flatMap(softmax), 1e-4, 'probabilities');
      tf.dispose([images, features, probabilities]);
      extractor.dispose();
    }
    await assert.rejects(loadFeatureExtractor(file), /needs featureLayer.*outputs: probabilities/);
    await assert.rejects(loadFeatureExtractor(file, { featureLayer: 'pool_3' }), (e: Error) => e instanceof UserError && /pool_3/.test(e.message));
  });

  it('rejects an unknown extractor, listing the built-ins', async () => {
    await assert.rejects(loadFeatureExtractor('inception-v3'), (e: Error) => {
      assert.ok(e instanceof UserError);
      assert.match(e.message, /unknown feature extractor "inception-v3".*mnist-classifier/);
      return true;
    });
  });

  it('rejects corrupt model files with the file named', async () => {
    const dir = tempDir();
    const corrupt = path.join(dir, 'corrupt.json');
    fs.writeFileSync(corrupt, '{"modelTopology": {"class_name": "Sequential"');
    await assert.rejects(loadFeatureExtractor(corrupt), (e: Error) => e instanceof UserError && e.message.includes(corrupt));

    const file = await saveUserLayersModel(path.join(dir, 'truncated'), [4, 4, 1], randomTwoLayerWeights(16, 4, 3, new RandomStream('t')));
    const weightsFile = path.join(dir, 'truncated', 'weights.bin');
    fs.writeFileSync(weightsFile, fs.readFileSync(weightsFile).subarray(0, 40));
    await assert.rejects(loadFeatureExtractor(file), (e: Error) => e instanceof UserError && /weight files hold 40 bytes/.test(e.message));

    const vectorModel = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [16], units: 3, activation: 'softmax' })] });
    await saveLayersModel(vectorModel, path.join(dir, 'vectors'));
    vectorModel.dispose();
    await assert.rejects(loadFeatureExtractor(path.join(dir, 'vectors')), (e: Error) => e instanceof UserError && /input shape \[, 16\]; expected images/.test(e.message));
  });
});
