import * as tf from '@tensorflow/tfjs-core';
import { heapF32, type WasmKernelFunc } from '../../wasmKernelContext';
import type { NativeKernelChoice } from '../../NativeKernelChoice';
import { conv2DBackpropFilter } from '../conv2DBackpropFilter';
import { nativeConvShape, nativeConvSupported } from './nativeConvShape';
import { nhwcConvInfo } from '../../convGeometry';

/**
 * Conv2DBackpropFilter on the wasm heap by the native kernel: dF = Σ Pᵀ · dY over blocks of
 * patch rows, by SGEMM, summed over fixed groups of images (the same bits for any thread
 * count). NCHW keeps the XNNPACK-based kernel (which rejects it with a clear error).
 */
export function nativeConv2DBackpropFilter({ kernels, threads }: NativeKernelChoice): WasmKernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
    if (!nativeConvSupported(dataFormat, 1, x.dtype, dy.dtype)) return conv2DBackpropFilter(args);
    const info = nhwcConvInfo(x.shape, filterShape, strides, pad, dimRoundingMode);
    const dfilter = backend.makeOutput(filterShape, 'float32');
    kernels.conv2dBackpropFilter(nativeConvShape(info), heapF32(backend, x), heapF32(backend, dy), heapF32(backend, dfilter), threads);
    return dfilter;
  };
}
