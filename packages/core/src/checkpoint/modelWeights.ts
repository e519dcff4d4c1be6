import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { CheckpointData, CheckpointTensor } from './checkpointFormat';

/**
 * A model's weights (trainable and not, e.g. batch-norm statistics) as checkpoint tensors
 * keyed `<group>/<index>`, in `getWeights()` order. Order, not tfjs' generated names, is
 * the key, because names depend on how many layers the process created before.
 */
export function modelTensors(model: LayersModel, group: string): CheckpointTensor[] {
  return model.getWeights().map((w, i) => ({
    key: `${group}/${i}`,
    shape: w.shape,
    dtype: 'float32' as const,
    values: w.dataSync() as Float32Array,
  }));
}

/** Sets a model's weights from the checkpoint's `<group>/*` tensors, checking every shape. */
export function restoreModel(model: LayersModel, checkpoint: CheckpointData, group: string): void {
  const tensors = checkpoint.tensors.filter((t) => t.key.startsWith(`${group}/`));
  const expected = model.getWeights().map((w) => w.shape.join('x'));
  const found = tensors.map((t) => t.shape.join('x'));
  if (expected.join() !== found.join()) {
    throw new Error(`checkpoint does not fit the ${group}: weights [${found.join(', ')}], model has [${expected.join(', ')}]`);
  }
  const weights = tensors.map((t) => tf.tensor(t.values, t.shape, 'float32'));
  model.setWeights(weights);
  tf.dispose(weights);
}
