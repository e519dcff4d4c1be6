import type * as tf from '@tensorflow/tfjs-core';
import { heapF32, type WasmKernelFunc } from '../../wasmKernelContext';
import type { NativeKernelChoice } from '../../NativeKernelChoice';
import { leakyRelu } from '../leakyRelu';

/** LeakyRelu on the wasm heap in one threaded native pass (the XNNPACK-based kernel takes two). */
export function nativeLeakyRelu({ kernels, threads }: NativeKernelChoice): WasmKernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const x = inputs.x as tf.TensorInfo;
    if (x.dtype !== 'float32') return leakyRelu(args);
    const { alpha } = attrs as unknown as tf.LeakyReluAttrs;
    const y = backend.makeOutput(x.shape, 'float32');
    kernels.leakyRelu(heapF32(backend, x), alpha, heapF32(backend, y), threads);
    return y;
  };
}
