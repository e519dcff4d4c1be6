import * as tf from '@tensorflow/tfjs-core';

/** A 2-D convolution's sizes (NHWC) under the short names the kernels' index arithmetic uses. */
export function convGeometry(info: tf.backend_util.Conv2DInfo) {
  return {
    n: info.batchSize,
    ih: info.inHeight,
    iw: info.inWidth,
    ci: info.inChannels,
    oh: info.outHeight,
    ow: info.outWidth,
    co: info.outChannels,
    kh: info.filterHeight,
    kw: info.filterWidth,
    sh: info.strideHeight,
    sw: info.strideWidth,
    top: info.padInfo.top,
    left: info.padInfo.left,
  };
}

type Shape4D = [number, number, number, number];

/** tfjs' geometry of an NHWC, dilation-1 conv (what every training kernel here supports). */
export function nhwcConvInfo(
  xShape: number[],
  filterShape: number[],
  strides: number | [number, number],
  pad: tf.backend_util.ExplicitPadding | 'valid' | 'same' | number,
  dimRoundingMode?: 'floor' | 'round' | 'ceil',
): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(xShape as Shape4D, filterShape as Shape4D, strides, 1, pad, dimRoundingMode, false, 'channelsLast');
}
