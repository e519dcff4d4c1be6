import * as tf from '@tensorflow/tfjs-core';
import { heapF32, stockWasmKernel, type WasmKernelFunc } from '../../wasmKernelContext';
import type { NativeKernelChoice } from '../../NativeKernelChoice';
import { nativeConvShape, nativeConvSupported } from './nativeConvShape';
import { nhwcConvInfo } from '../../convGeometry';

/**
 * Conv2D on the wasm heap by the native im2col + SGEMM kernel (csrc/conv.cc of
 * @gancond/native-kernels): y = P · F, P the patch rows of x, F the filter as a
 * (KH·KW·Ci) x Co matrix. Dilated or NCHW convolutions keep XNNPACK's kernel.
 */
export function nativeConv2D({ kernels, threads }: NativeKernelChoice): WasmKernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { x, filter } = inputs as { x: tf.TensorInfo; filter: tf.TensorInfo };
    const { strides, pad, dataFormat, dilations, dimRoundingMode } = attrs as unknown as tf.Conv2DAttrs;
    if (!nativeConvSupported(dataFormat, dilations, x.dtype, filter.dtype)) return stockWasmKernel(tf.Conv2D)(args);
    const info = nhwcConvInfo(x.shape, filter.shape, strides, pad, dimRoundingMode);
    const y = backend.makeOutput(info.outShape, 'float32');
    kernels.conv2d(nativeConvShape(info), heapF32(backend, x), heapF32(backend, filter), heapF32(backend, y), threads);
    return y;
  };
}
