import type * as tf from '@tensorflow/tfjs-core';
import { stockWasmKernel, type WasmKernelFunc } from '../wasmKernelContext';

/**
 * Identity for the wasm backend without copying. The stock kernel memcpys the whole
 * tensor; autodiff and tfjs-layers call Identity dozens of times per training step. Tensor
 * memory is immutable and the wasm backend reference-counts data ids (its own Reshape
 * shares the input's data id the same way), so sharing the data id is safe.
 */
export const identity: WasmKernelFunc = (args) => {
  const x = args.inputs.x as tf.TensorInfo;
  if (x.dtype === 'string') return stockWasmKernel('Identity')(args);
  args.backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
};
