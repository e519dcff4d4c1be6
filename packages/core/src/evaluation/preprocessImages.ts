import * as tf from '@tensorflow/tfjs-core';
import { UserError } from '../errors/UserError';

/** ITU-R BT.601 luma weights, the usual RGB-to-grey conversion (PIL's "L" mode uses them). */
const LUMA = [0.299, 0.587, 0.114];

/**
 * Brings a batch of images in [-1, 1] (the generator's range, any size, 1 or 3 channels)
 * to what a classifier expects: its channel count (grey is repeated into RGB, RGB is
 * reduced to luma), its spatial size (bilinear, half-pixel centres like PyTorch's
 * `interpolate(align_corners=False)` used by pytorch-fid) and its input range (a linear map
 * of [-1, 1] onto `inputRange`). The caller owns the returned tensor.
 */
export function preprocessImages(
  images: tf.Tensor4D,
  inputShape: [number, number, number],
  inputRange: [number, number],
): tf.Tensor4D {
  if (images.rank !== 4) {
    throw new UserError(`images: rank ${images.rank}; expected a batch [N, h, w, c]`);
  }
  const [, h, w, c] = images.shape;
  const [targetH, targetW, targetC] = inputShape;
  if (c !== targetC && !(c === 1 && targetC === 3) && !(c === 3 && targetC === 1)) {
    throw new UserError(`images: ${c} channels; the classifier takes ${targetC} and can convert only between 1 and 3`);
  }
  return tf.tidy(() => {
    let x: tf.Tensor4D = images;
    if (c === 1 && targetC === 3) x = tf.tile(x, [1, 1, 1, 3]);
    if (c === 3 && targetC === 1) x = tf.sum(tf.mul(x, tf.tensor1d(LUMA)), -1, true);
    if (h !== targetH || w !== targetW) x = tf.image.resizeBilinear(x, [targetH, targetW], false, true);
    const [low, high] = inputRange;
    if (low !== -1 || high !== 1) x = tf.add(tf.mul(x, (high - low) / 2), (high + low) / 2);
    // A fresh tensor even when nothing changed, so that the caller may always dispose it.
    return x === images ? tf.clone(x) : x;
  });
}
