import * as tfl from '@tensorflow/tfjs-layers';
import type { ModelBuildContext, ModelPair } from './ModelPair';
import { seeded } from './seededInitializers';
import { fusedBatchNormalization } from './layers/FusedBatchNormalization';

/**
 * DCGAN for 32x32x3 (CIFAR-10 shape), width w (64 by default):
 * G: dense(latent -> 4*4*4w), BN, ReLU, reshape, then conv2dTranspose k5 s2 to
 *    8x8x2w, 16x16xw (each BN, ReLU), 32x32x3, tanh.
 * D: conv2d k5 s2 to 16x16xw, 8x8x2w, 4x4x4w (each LeakyReLU 0.2), flatten, dense(1).
 */
export function buildDcganCifar(context: ModelBuildContext): ModelPair {
  const { latentDim, width: w, imageShape } = context;
  const convT = (filters: number) =>
    tfl.layers.conv2dTranspose({ filters, kernelSize: 5, strides: 2, padding: 'same', ...seeded(context) });
  const conv = (filters: number, inputShape?: number[]) =>
    tfl.layers.conv2d({ filters, kernelSize: 5, strides: 2, padding: 'same', ...(inputShape && { inputShape }), ...seeded(context) });

  const generator = tfl.sequential({
    name: 'generator',
    layers: [
      tfl.layers.dense({ inputShape: [latentDim], units: 4 * 4 * 4 * w, ...seeded(context) }),
      fusedBatchNormalization(),
      tfl.layers.reLU(),
      tfl.layers.reshape({ targetShape: [4, 4, 4 * w] }),
      convT(2 * w),
      fusedBatchNormalization(),
      tfl.layers.reLU(),
      convT(w),
      fusedBatchNormalization(),
      tfl.layers.reLU(),
      convT(imageShape[2]),
      tfl.layers.activation({ activation: 'tanh' }),
    ],
  });

  const discriminator = tfl.sequential({
    name: 'discriminator',
    layers: [
      conv(w, imageShape),
      tfl.layers.leakyReLU({ alpha: 0.2 }),
      conv(2 * w),
      tfl.layers.leakyReLU({ alpha: 0.2 }),
      conv(4 * w),
      tfl.layers.leakyReLU({ alpha: 0.2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 1, ...seeded(context) }),
    ],
  });
  return { generator, discriminator };
}
