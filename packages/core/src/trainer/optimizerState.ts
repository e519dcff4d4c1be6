import * as tf from '@tensorflow/tfjs-core';
import type { CheckpointTensor } from '../checkpoint/checkpointFormat';

/** Adam's scalar state that `getWeights` does not return exactly. */
export interface OptimizerSlots {
  names: string[];
  accBeta1: number;
  accBeta2: number;
}

/** tfjs keeps beta1^t and beta2^t in private variables; `setWeights` recomputes them with
 * `pow`, which differs in the last bit from the running product. Saving them exactly is
 * what makes a resumed run's numbers equal an uninterrupted run's. */
interface AdamInternals {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
}

export async function readOptimizer(optimizer: tf.AdamOptimizer, group: string): Promise<{ tensors: CheckpointTensor[]; slots: OptimizerSlots }> {
  const weights = await optimizer.getWeights();
  const tensors = weights.map((w, i) => ({
    key: `${group}/${i}`,
    shape: w.tensor.shape,
    dtype: w.tensor.dtype === 'int32' ? ('int32' as const) : ('float32' as const),
    values: w.tensor.dataSync() as Float32Array | Int32Array,
  }));
  // getWeights returns a fresh scalar for the iteration count; free it.
  weights[0]?.tensor.dispose();
  const internals = optimizer as unknown as AdamInternals;
  return {
    tensors,
    slots: {
      names: weights.map((w) => w.name),
      accBeta1: internals.accBeta1.dataSync()[0],
      accBeta2: internals.accBeta2.dataSync()[0],
    },
  };
}

export async function restoreOptimizer(optimizer: tf.AdamOptimizer, tensors: CheckpointTensor[], slots: OptimizerSlots): Promise<void> {
  const named = tensors.map((t, i) => ({ name: slots.names[i], tensor: tf.tensor(t.values, t.shape, t.dtype) }));
  await optimizer.setWeights(named);
  // setWeights copies each slot into a new variable; free the staging tensors.
  tf.dispose(named.map((n) => n.tensor));
  const internals = optimizer as unknown as AdamInternals;
  tf.tidy(() => {
    internals.accBeta1.assign(tf.scalar(slots.accBeta1));
    internals.accBeta2.assign(tf.scalar(slots.accBeta2));
  });
}
