import * as tfl from '@tensorflow/tfjs-layers';
import type { ModelBuildContext, ModelPair } from './ModelPair';
import { seeded } from './seededInitializers';
import { fusedBatchNormalization } from './layers/FusedBatchNormalization';

/**
 * The reference DCGAN for 28x28x1 (GUIDE §3; benchmarks use exactly this with width 64,
 * latentDim 64):
 * G: dense(latent -> 7*7*w), BN, ReLU, reshape [7,7,w], conv2dTranspose(w/2, k5, s2) -> 14x14,
 *    BN, ReLU, conv2dTranspose(c, k5, s2) -> 28x28, tanh.
 * D: conv2d(w/2, k5, s2) -> 14x14, LeakyReLU 0.2, conv2d(w, k5, s2) -> 7x7, LeakyReLU 0.2,
 *    flatten, dense(1) (a logit).
 */
export function buildDcganMnist(context: ModelBuildContext): ModelPair {
  const { latentDim, width: w, imageShape } = context;
  const channels = imageShape[2];
  const half = Math.max(1, Math.floor(w / 2));

  const generator = tfl.sequential({
    name: 'generator',
    layers: [
      tfl.layers.dense({ inputShape: [latentDim], units: 7 * 7 * w, ...seeded(context) }),
      fusedBatchNormalization(),
      tfl.layers.reLU(),
      tfl.layers.reshape({ targetShape: [7, 7, w] }),
      tfl.layers.conv2dTranspose({ filters: half, kernelSize: 5, strides: 2, padding: 'same', ...seeded(context) }),
      fusedBatchNormalization(),
      tfl.layers.reLU(),
      tfl.layers.conv2dTranspose({ filters: channels, kernelSize: 5, strides: 2, padding: 'same', ...seeded(context) }),
      tfl.layers.activation({ activation: 'tanh' }),
    ],
  });

  const discriminator = tfl.sequential({
    name: 'discriminator',
    layers: [
      tfl.layers.conv2d({ inputShape: imageShape, filters: half, kernelSize: 5, strides: 2, padding: 'same', ...seeded(context) }),
      tfl.layers.leakyReLU({ alpha: 0.2 }),
      tfl.layers.conv2d({ filters: w, kernelSize: 5, strides: 2, padding: 'same', ...seeded(context) }),
      tfl.layers.leakyReLU({ alpha: 0.2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 1, ...seeded(context) }),
    ],
  });
  return { generator, discriminator };
}
