import * as tf from '@tensorflow/tfjs-core';
import { stockWasmKernel, type WasmKernelFunc } from '../wasmKernelContext';
import { backpropInputSubPixel } from './backpropInputSubPixel';
import { backpropInputCol2Im } from './backpropInputCol2Im';
import { nhwcConvInfo } from '../convGeometry';

/**
 * Conv2DBackpropInput (the input gradient of conv2d, and the forward pass of
 * conv2dTranspose) for the wasm backend. The stock wasm kernel is a naive loop (about
 * 2.8 GFLOP/s). Per shape, one of two mappings onto fast XNNPACK primitives is used:
 *  - many dx channels: sub-pixel decomposition into s_h·s_w stride-1 Conv2Ds
 *    (backpropInputSubPixel.ts);
 *  - few dx channels (e.g. a generator's last RGB/grey layer): there XNNPACK's conv would
 *    be a GEMM with 1–4 output columns, so instead one MatMul dy·Wᵀ gives every
 *    (kh, kw, ci) contribution and a col2im scatter-add sums them (backpropInputCol2Im.ts).
 * NCHW goes to the stock kernel.
 */
export const conv2DBackpropInput: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const { dy, filter } = inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, inputShape } = attrs as unknown as tf.Conv2DBackpropInputAttrs;
  if (dataFormat === 'NCHW') {
    return stockWasmKernel(tf.Conv2DBackpropInput)({ inputs, backend, attrs });
  }
  const info = nhwcConvInfo(inputShape, filter.shape, strides, pad, dimRoundingMode);
  return backpropInputStrategy(info.inChannels) === 'col2im'
    ? backpropInputCol2Im(backend, dy, filter, info)
    : backpropInputSubPixel(backend, dy, filter, info);
};

/** Shape rule (measured, see the report): col2im when dx has few channels. */
export function backpropInputStrategy(dxChannels: number): 'subPixel' | 'col2im' {
  return dxChannels <= COL2IM_MAX_CHANNELS ? 'col2im' : 'subPixel';
}

export const COL2IM_MAX_CHANNELS = 4;
