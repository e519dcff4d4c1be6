#!/usr/bin/env node
'use strict';
/**
 * Trains the `mnist-classifier` feature extractor shipped in models/mnist-classifier
 * (the paper scored MNIST GANs with a pretrained MNIST classifier in place of Inception),
 * or with `--dataset fashion-mnist` the `fashion-mnist-classifier`.
 *
 * Runs on the compiled core (`npx tsc -b packages/core` first) with the wasm backend:
 *   node packages/core/scripts/train-mnist-classifier.js [--dataset mnist] [--epochs 3]
 *     [--decay 0.3] [--out <dir>] [--limit N] [--data-path <dir>]
 * Fashion-MNIST is read from --data-path (default: the Debian package's
 * /usr/share/datasets/fashion-mnist). Writes model.json, weights.bin and training.json
 * (settings and test accuracy).
 *
 * Deterministic up to floating-point summation order: seeded initializers, a seeded data
 * order, no dropout (tfjs dropout draws from an unseeded generator).
 * Input: 28x28x1 images in [-1, 1] (the generator's range); output: softmax over 10 digits.
 * Layer `features` (dense 128, ReLU) is the penultimate layer used as the feature space.
 */
const path = require('node:path');
const tf = require('@tensorflow/tfjs-core');
const tfl = require('@tensorflow/tfjs-layers');
const core = require('../dist/src');

const SEED = 20180308;

function parseArgs(argv) {
  const args = { dataset: 'mnist', dataPath: undefined, epochs: 3, batchSize: 64, learningRate: 1e-3, decay: 0.3, out: undefined, limit: undefined };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (flag === '--dataset') args.dataset = value;
    else if (flag === '--data-path') args.dataPath = path.resolve(value);
    else if (flag === '--epochs') args.epochs = Number(value);
    else if (flag === '--batch-size') args.batchSize = Number(value);
    else if (flag === '--learning-rate') args.learningRate = Number(value);
    else if (flag === '--decay') args.decay = Number(value);
    else if (flag === '--out') args.out = path.resolve(value);
    else if (flag === '--limit') args.limit = Number(value);
    else throw new Error(`unknown argument ${flag}`);
  }
  if (!['mnist', 'fashion-mnist'].includes(args.dataset)) throw new Error(`--dataset: ${args.dataset}; expected mnist or fashion-mnist`);
  args.out ??= path.join(__dirname, '..', 'models', `${args.dataset}-classifier`);
  return args;
}

function buildClassifier(random) {
  const seeded = () => ({ kernelInitializer: tfl.initializers.glorotUniform({ seed: random.seed32() }) });
  return tfl.sequential({
    name: 'classifier',
    layers: [
      tfl.layers.conv2d({ inputShape: [28, 28, 1], filters: 32, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv1', ...seeded() }),
      tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool1' }),
      tfl.layers.conv2d({ filters: 64, kernelSize: 3, padding: 'same', activation: 'relu', name: 'conv2', ...seeded() }),
      tfl.layers.maxPooling2d({ poolSize: 2, name: 'pool2' }),
      tfl.layers.flatten({ name: 'flatten' }),
      tfl.layers.dense({ units: 128, activation: 'relu', name: 'features', ...seeded() }),
      tfl.layers.dense({ units: 10, activation: 'softmax', name: 'probabilities', ...seeded() }),
    ],
  });
}

/** The examples at `indices` as an image batch and one-hot labels. */
function gatherBatch(dataset, indices) {
  const pixels = 28 * 28;
  const images = new Float32Array(indices.length * pixels);
  const labels = new Int32Array(indices.length);
  indices.forEach((example, row) => {
    images.set(dataset.images.subarray(example * pixels, (example + 1) * pixels), row * pixels);
    labels[row] = dataset.labels[example];
  });
  return { images: tf.tensor4d(images, [indices.length, 28, 28, 1]), labels: tf.oneHot(tf.tensor1d(labels, 'int32'), 10) };
}

function accuracy(model, dataset) {
  let correct = 0;
  const batch = 1000;
  for (let start = 0; start < dataset.size; start += batch) {
    const indices = Array.from({ length: Math.min(batch, dataset.size - start) }, (_, i) => start + i);
    const predicted = tf.tidy(() => {
      const { images, labels } = gatherBatch(dataset, indices);
      return tf.sum(tf.equal(tf.argMax(model.predict(images), -1), tf.argMax(labels, -1))).dataSync()[0];
    });
    correct += predicted;
  }
  return correct / dataset.size;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const backend = await core.selectBackend('wasm');
  const streams = new core.RandomStreams(SEED);
  const dataPath = args.dataset === 'fashion-mnist' ? (args.dataPath ?? '/usr/share/datasets/fashion-mnist') : args.dataPath;
  const train = core.loadDataset({ dataset: args.dataset, split: 'train', path: dataPath, limit: args.limit });
  const test = core.loadDataset({ dataset: args.dataset, split: 'test', path: dataPath });
  const model = buildClassifier(streams.get('init'));
  const optimizer = tf.train.adam(args.learningRate);
  model.compile({ optimizer, loss: 'categoricalCrossentropy' });
  console.log(`backend ${backend.name}; ${train.size} ${args.dataset} training images; ${args.epochs} epochs of batch ${args.batchSize}`);

  const order = streams.get('data');
  const started = Date.now();
  let testAccuracy = NaN;
  for (let epoch = 1; epoch <= args.epochs; epoch++) {
    // Step decay per epoch; Adam reads its (TypeScript-protected) learningRate at every update.
    optimizer.learningRate = args.learningRate * args.decay ** (epoch - 1);
    const permutation = order.shuffle(Array.from({ length: train.size }, (_, i) => i));
    let lossSum = 0;
    let batches = 0;
    for (let start = 0; start + args.batchSize <= train.size; start += args.batchSize) {
      const { images, labels } = gatherBatch(train, permutation.slice(start, start + args.batchSize));
      lossSum += await model.trainOnBatch(images, labels);
      tf.dispose([images, labels]);
      batches++;
      if (batches % 100 === 0) {
        console.log(`epoch ${epoch} batch ${batches}: mean loss ${(lossSum / batches).toFixed(4)} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
      }
    }
    testAccuracy = accuracy(model, test);
    console.log(`epoch ${epoch}: mean loss ${(lossSum / batches).toFixed(4)}, test accuracy ${testAccuracy.toFixed(4)}`);
  }
  await core.saveLayersModel(model, args.out);
  const training = {
    script: 'scripts/train-mnist-classifier.js',
    dataset: args.dataset,
    trainingImages: train.size,
    seed: SEED,
    epochs: args.epochs,
    batchSize: args.batchSize,
    optimizer: `adam(${args.learningRate}), learning rate x${args.decay} per epoch`,
    backend: `${backend.name} ${backend.version}`,
    testAccuracy,
  };
  core.atomicWriteFileSync(path.join(args.out, 'training.json'), `${JSON.stringify(training, null, 2)}\n`);
  console.log(`saved ${args.out} after ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
