import type * as tf from '@tensorflow/tfjs-core';
import { heapF32, type WasmMultiOutputKernelFunc } from '../../wasmKernelContext';
import type { NativeKernelChoice } from '../../NativeKernelChoice';

/**
 * GancondBatchNormTraining (ops/batchNormTraining) on the wasm heap: the native kernel takes
 * the column statistics in two threaded passes (float64 sums) and writes y in a third.
 */
export function nativeBatchNormTraining({ kernels, threads }: NativeKernelChoice): WasmMultiOutputKernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { x, gamma, beta } = inputs as { x: tf.TensorInfo; gamma: tf.TensorInfo; beta: tf.TensorInfo };
    const { epsilon } = attrs as { epsilon: number };
    const [rows, C] = x.shape;
    const y = backend.makeOutput([rows, C], 'float32');
    const mean = backend.makeOutput([C], 'float32');
    const variance = backend.makeOutput([C], 'float32');
    const view = (info: tf.TensorInfo) => heapF32(backend, info);
    kernels.batchNormForward({ rows, C, epsilon }, { x: view(x), gamma: view(gamma), beta: view(beta) }, { y: view(y), mean: view(mean), variance: view(variance) }, threads);
    return [y, mean, variance];
  };
}
