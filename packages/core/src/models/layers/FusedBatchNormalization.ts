import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import type { BatchNormalization, BatchNormalizationLayerArgs } from '@tensorflow/tfjs-layers/dist/layers/normalization';
import { batchNormTraining } from '../../ops/batchNormTraining';

type LayerVariable = ReturnType<tfl.layers.Layer['addWeight']>;
type Kwargs = Parameters<tfl.layers.Layer['call']>[1];

/** The stock layer's settings and weights; TypeScript marks them private, the fields are plain. */
interface BatchNormalizationState {
  axis: number;
  momentum: number;
  epsilon: number;
  center: boolean;
  scale: boolean;
  gamma: LayerVariable;
  beta: LayerVariable;
  movingMean: LayerVariable;
  movingVariance: LayerVariable;
}

// tfjs-layers exports a factory, not the class: take the class from an instance.
const StockBatchNormalization = tfl.layers.batchNormalization().constructor as new (args?: BatchNormalizationLayerArgs) => BatchNormalization;

/** moving <- moving - (moving - batch) * (1 - momentum), as the stock layer updates it. */
function updateMovingAverage(moving: LayerVariable, batch: tf.Tensor, momentum: number): void {
  tf.tidy(() => {
    const current = moving.read();
    moving.write(tf.sub(current, tf.mul(tf.sub(current, batch), 1 - momentum)));
  });
}

/**
 * tfjs-layers' BatchNormalization whose training-mode pass is the fused batch-norm op
 * (ops/batchNormTraining): one kernel forward and one backward where the backend has them
 * (the wasm backend with @gancond/native-kernels), otherwise the stock computation. Same
 * weights, same config and class name: saved models load as the stock layer. Inference, and
 * settings the fused op does not cover (axis other than the last, no center or scale), run
 * the stock code.
 */
export class FusedBatchNormalization extends StockBatchNormalization {
  static className = 'BatchNormalization';

  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Kwargs): tf.Tensor | tf.Tensor[] {
    const state = this as unknown as BatchNormalizationState;
    // A model passes its layers their input as a one-tensor list.
    const x = Array.isArray(inputs) ? inputs[0] : inputs;
    const lastAxis = state.axis === -1 || state.axis === x.rank - 1;
    const oneInput = !Array.isArray(inputs) || inputs.length === 1;
    const fused = kwargs.training === true && oneInput && lastAxis && state.center && state.scale && x.dtype === 'float32';
    if (!fused) return super.call(inputs, kwargs);
    return tf.tidy(() => {
      const channels = x.shape[x.rank - 1];
      const { y, mean, variance } = batchNormTraining(tf.reshape(x, [-1, channels]), state.gamma.read() as tf.Tensor1D, state.beta.read() as tf.Tensor1D, state.epsilon);
      updateMovingAverage(state.movingMean, mean, state.momentum);
      updateMovingAverage(state.movingVariance, variance, state.momentum);
      return tf.reshape(y, x.shape);
    });
  }
}

/** Drop-in for `tfl.layers.batchNormalization(args)` with the fused training pass. */
export function fusedBatchNormalization(args?: BatchNormalizationLayerArgs): FusedBatchNormalization {
  return new FusedBatchNormalization(args);
}
