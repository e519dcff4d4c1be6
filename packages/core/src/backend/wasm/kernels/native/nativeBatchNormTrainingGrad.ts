import type * as tf from '@tensorflow/tfjs-core';
import { heapF32, type WasmMultiOutputKernelFunc } from '../../wasmKernelContext';
import type { NativeKernelChoice } from '../../NativeKernelChoice';

/**
 * GancondBatchNormTrainingGrad (autodiff/registerBatchNormTrainingGradient) on the wasm heap:
 * the native kernel sums dy and dy * (x - mean) per column in one threaded pass, then writes
 * dx as a per-column affine function of dy and x in another.
 */
export function nativeBatchNormTrainingGrad({ kernels, threads }: NativeKernelChoice): WasmMultiOutputKernelFunc {
  return ({ inputs, backend, attrs }) => {
    const named = inputs as Record<'dy' | 'x' | 'gamma' | 'mean' | 'variance' | 'dmean' | 'dvariance', tf.TensorInfo>;
    const { epsilon } = attrs as { epsilon: number };
    const [rows, C] = named.x.shape;
    const dx = backend.makeOutput([rows, C], 'float32');
    const dgamma = backend.makeOutput([C], 'float32');
    const dbeta = backend.makeOutput([C], 'float32');
    const view = (info: tf.TensorInfo) => heapF32(backend, info);
    kernels.batchNormBackward(
      { rows, C, epsilon },
      { dy: view(named.dy), x: view(named.x), gamma: view(named.gamma), mean: view(named.mean), variance: view(named.variance), dmean: view(named.dmean), dvariance: view(named.dvariance) },
      { dx: view(dx), dgamma: view(dgamma), dbeta: view(dbeta) },
      threads,
    );
    return [dx, dgamma, dbeta];
  };
}
