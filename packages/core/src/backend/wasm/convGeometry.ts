import type * as tf from '@tensorflow/tfjs-core';

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
