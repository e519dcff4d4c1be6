import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { useNativeWasmKernels } from '../backend/useNativeWasmKernels';
import { FusedBatchNormalization, fusedBatchNormalization } from '../../src/models/layers/FusedBatchNormalization';
import { BATCH_NORM_TRAINING } from '../../src/ops/batchNormTraining';
import { randomValues, relativeError } from '../backend/compareBackends';

type BatchNormArgs = Parameters<typeof tfl.layers.batchNormalization>[0];

/** A fused and a stock layer with the same random weights (gamma, beta, moving mean, moving variance), built for `shape`. */
function twinLayers(shape: number[], args: BatchNormArgs = {}) {
  const [fused, stock] = [fusedBatchNormalization(args), tfl.layers.batchNormalization(args)];
  for (const layer of [fused, stock]) layer.build(shape);
  const weights = fused.getWeights().map((w, i) => tf.tensor(i === 3 ? randomValues(w.size).map(Math.abs) : randomValues(w.size), w.shape));
  fused.setWeights(weights);
  stock.setWeights(weights);
  tf.dispose(weights);
  return { fused, stock };
}

/** Output, gradients with respect to the input and the trainable weights, then the updated moving statistics. */
function trainingPass(layer: tfl.layers.Layer, x: tf.Tensor) {
  return tf.tidy(() => {
    const w = tf.tensor(randomValuesFor(x), x.shape);
    const weights = layer.trainableWeights.map((v) => v.read() as tf.Variable);
    let y: tf.Tensor | undefined;
    const { grads } = tf.variableGrads(() => {
      y = tf.keep(layer.apply(x, { training: true }) as tf.Tensor);
      return tf.sum(tf.mul(y, w)) as tf.Scalar;
    }, weights);
    return [y!, ...weights.map((v) => grads[v.name]), ...layer.nonTrainableWeights.map((v) => v.read())].map((t) => ({ values: t.dataSync() as Float32Array }));
  });
}

let lossWeights: Float32Array | undefined;
/** The same loss weights for both layers of a comparison. */
const randomValuesFor = (x: tf.Tensor) => (lossWeights ??= randomValues(x.size));

describe('FusedBatchNormalization (the layer the built-in models use)', () => {
  useNativeWasmKernels();

  it('trains like the stock layer: output, weight gradients and moving statistics', async () => {
    for (const shape of [
      [6, 5, 5, 8],
      [16, 40],
    ]) {
      lossWeights = undefined;
      const { fused, stock } = twinLayers(shape, { momentum: 0.9 });
      const x = tf.tensor(randomValues(shape.reduce((a, b) => a * b)).map((v) => 3 + v), shape);
      const { kernelNames } = await tf.profile(() => fused.apply(x, { training: true }) as tf.Tensor);
      assert.ok(kernelNames.includes(BATCH_NORM_TRAINING), kernelNames.join(', '));
      // Both layers now took one step of moving averages; compare the next.
      stock.apply(x, { training: true });
      const [got, want] = [trainingPass(fused, x), trainingPass(stock, x)];
      ['y', 'dgamma', 'dbeta', 'moving mean', 'moving variance'].forEach((name, k) => {
        const err = relativeError(want[k], got[k]);
        assert.ok(err < 1e-4, `${shape}: ${name} relative error ${err}`);
      });
      x.dispose();
    }
  });

  it('runs the stock code for inference and for a channel axis other than the last', async () => {
    const shape = [4, 3, 5];
    const x = tf.tensor(randomValues(60), shape);
    const { fused, stock } = twinLayers(shape);
    const inference = (layer: tfl.layers.Layer) => (layer.apply(x, { training: false }) as tf.Tensor).dataSync();
    assert.deepEqual(inference(fused), inference(stock));
    const axis1 = twinLayers(shape, { axis: 1 });
    const { kernelNames } = await tf.profile(() => axis1.fused.apply(x, { training: true }) as tf.Tensor);
    assert.ok(!kernelNames.includes(BATCH_NORM_TRAINING), kernelNames.join(', '));
    const training = (layer: tfl.layers.Layer) => [(layer.apply(x, { training: true }) as tf.Tensor).dataSync(), ...layer.getWeights().map((w) => w.dataSync())];
    axis1.stock.apply(x, { training: true });
    const want = training(axis1.stock);
    training(axis1.fused).forEach((got, k) => assert.deepEqual(got, want[k], `output ${k}`));
    x.dispose();
  });

  it('serializes as the stock BatchNormalization, so saved models load without gancond', () => {
    const model = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [3], units: 4 }), fusedBatchNormalization({ momentum: 0.8 })] });
    assert.ok(model.layers[1] instanceof FusedBatchNormalization);
    const loaded = tfl.models.modelFromJSON(model.toJSON(undefined, false) as Parameters<typeof tfl.models.modelFromJSON>[0]);
    return loaded.then((copy) => {
      assert.equal(copy.layers[1].getClassName(), 'BatchNormalization');
      assert.ok(!(copy.layers[1] instanceof FusedBatchNormalization));
      assert.equal((copy.layers[1].getConfig() as { momentum: number }).momentum, 0.8);
      model.dispose();
      copy.dispose();
    });
  });
});
