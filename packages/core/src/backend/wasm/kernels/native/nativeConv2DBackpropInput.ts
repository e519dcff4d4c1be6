import * as tf from '@tensorflow/tfjs-core';
import { heapF32, type WasmKernelFunc } from '../../wasmKernelContext';
import type { NativeKernelChoice } from '../../NativeKernelChoice';
import { conv2DBackpropInput } from '../conv2DBackpropInput';
import { nativeConvShape, nativeConvSupported } from './nativeConvShape';
import { nhwcConvInfo } from '../../convGeometry';

/**
 * Conv2DBackpropInput (the input gradient of conv2d, and conv2dTranspose's forward pass) on
 * the wasm heap by the native kernel: dP = dY · Fᵀ by SGEMM, then every patch row is added
 * back into dx (col2im). Same FLOPs as the forward conv, none spent on inserted zeros. NCHW
 * keeps the XNNPACK-based kernel.
 */
export function nativeConv2DBackpropInput({ kernels, threads }: NativeKernelChoice): WasmKernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
    const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
    if (!nativeConvSupported(dataFormat, 1, dy.dtype, filter.dtype)) return conv2DBackpropInput(args);
    const info = nhwcConvInfo(inputShape, filter.shape, strides, pad, dimRoundingMode);
    const dx = backend.makeOutput(inputShape, 'float32');
    kernels.conv2dBackpropInput(nativeConvShape(info), heapF32(backend, dy), heapF32(backend, filter), heapF32(backend, dx), threads);
    return dx;
  };
}
