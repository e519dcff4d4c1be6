import type * as tf from '@tensorflow/tfjs-core';
import type { AdamSettings } from '@gancond/native-kernels';
import { heapF32, type WasmMultiOutputKernelFunc } from '../../wasmKernelContext';
import type { NativeKernelChoice } from '../../NativeKernelChoice';

/**
 * GancondAdamUpdate (trainer/FusedAdamOptimizer) on the wasm heap: the new value and both
 * moments in one threaded native pass, written to new tensors (the variables then take them).
 */
export function nativeAdamUpdate({ kernels, threads }: NativeKernelChoice): WasmMultiOutputKernelFunc {
  return ({ inputs, backend, attrs }) => {
    const { value, m, v, gradient } = inputs as Record<'value' | 'm' | 'v' | 'gradient', tf.TensorInfo>;
    const outputs = [value, m, v].map(() => backend.makeOutput(value.shape, 'float32'));
    const view = (info: tf.TensorInfo) => heapF32(backend, info);
    const [newValue, newM, newV] = outputs.map(view);
    kernels.adamUpdate(attrs as unknown as AdamSettings, { value: view(value), m: view(m), v: view(v) }, view(gradient), { value: newValue, m: newM, v: newV }, threads);
    return outputs;
  };
}
