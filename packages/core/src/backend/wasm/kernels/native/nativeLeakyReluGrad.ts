import type * as tf from '@tensorflow/tfjs-core';
import { heapF32, type WasmKernelFunc } from '../../wasmKernelContext';
import type { NativeKernelChoice } from '../../NativeKernelChoice';

/** GancondLeakyReluGrad (autodiff/registerLeakyReluGradient) on the wasm heap: one threaded native pass. */
export function nativeLeakyReluGrad({ kernels, threads }: NativeKernelChoice): WasmKernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { dy, x } = inputs as { dy: tf.TensorInfo; x: tf.TensorInfo };
    const { alpha } = attrs as unknown as tf.LeakyReluAttrs;
    const dx = backend.makeOutput(x.shape, 'float32');
    kernels.leakyReluGrad(heapF32(backend, dy), heapF32(backend, x), alpha, heapF32(backend, dx), threads);
    return dx;
  };
}
