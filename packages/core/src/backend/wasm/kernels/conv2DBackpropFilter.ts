import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { conv2dExplicit, free, slice, transpose, type WasmKernelFunc } from '../wasmKernelContext';
import { convGeometry, nhwcConvInfo } from '../convGeometry';

/**
 * Conv2DBackpropFilter for the wasm backend, which does not register one at all
 * (tfjs issue 8474), so training any conv layer fails there out of the box.
 *
 * Mapping onto the fast XNNPACK Conv2D:
 *   dW[kh,kw,ci,co] = Σ_{n,oh,ow} x[n, oh·s + kh − padTop, ow·s + kw − padLeft, ci] · dy[n,oh,ow,co]
 * Read the batch axis n as the "input channel" axis and ci as the "batch" axis:
 *   x' = transpose(x, [3,1,2,0])   : [Ci, H, W, N]
 *   f' = transpose(dy, [1,2,0,3])  : [OH, OW, N, Co]  (dy becomes the filter)
 *   conv2d(x', f', stride 1, dilation = the forward stride, explicit padding) : [Ci, KH, KW, Co]
 * and transpose back with [1,2,0,3] to [KH, KW, Ci, Co]. The bottom/right padding is
 * chosen so the output is exactly KH x KW; when the forward conv never reads the last
 * rows/columns of x (e.g. 'valid' with a stride that does not divide), x is cropped first.
 * NHWC only, dilation 1.
 */
export const conv2DBackpropFilter: WasmKernelFunc = ({ inputs, backend, attrs }) => {
  const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } = attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (dataFormat === 'NCHW') {
    throw new Error("wasm Conv2DBackpropFilter supports dataFormat 'NHWC' only");
  }
  const info = nhwcConvInfo(x.shape, filterShape, strides, pad, dimRoundingMode);
  return backpropFilterViaConv(backend, x, dy, info);
};

export function backpropFilterViaConv(
  backend: BackendWasm,
  x: tf.TensorInfo,
  dy: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const { n, ih: h, iw: w, ci, oh, ow, co, kh, kw, sh, sw, top, left } = convGeometry(info);
  // Rows/cols of (padded) x the forward conv reads.
  const readH = (oh - 1) * sh + kh;
  const readW = (ow - 1) * sw + kw;
  const hUsed = Math.min(h, readH - top);
  const wUsed = Math.min(w, readW - left);
  const bottom = readH - top - hUsed;
  const right = readW - left - wUsed;

  const temps: tf.TensorInfo[] = [];
  let xc = x;
  if (hUsed < h || wUsed < w) {
    xc = slice(backend, x, [0, 0, 0, 0], [n, hUsed, wUsed, ci]);
    temps.push(xc);
  }
  const xt = transpose(backend, xc, [3, 1, 2, 0]);
  const dyt = transpose(backend, dy, [1, 2, 0, 3]);
  temps.push(xt, dyt);
  const conv = conv2dExplicit(backend, xt, dyt, [top, bottom, left, right], [sh, sw]);
  temps.push(conv);
  const out = transpose(backend, conv, [1, 2, 0, 3]);
  free(backend, ...temps);
  return out;
}
