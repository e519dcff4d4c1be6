import * as tf from '@tensorflow/tfjs-core';
import { UserError } from '../errors/UserError';

/**
 * An adversarial loss: both players' objectives from discriminator logits [batch, 1].
 * All are means over the batch, to be minimized.
 */
export interface GanLoss {
  discriminator(realLogits: tf.Tensor, fakeLogits: tf.Tensor): tf.Scalar;
  generator(fakeLogits: tf.Tensor): tf.Scalar;
}

export type GanLossName = 'non-saturating' | 'minimax' | 'hinge' | 'wasserstein';

/** -log sigmoid(real) - log(1 - sigmoid(fake)) = softplus(-real) + softplus(fake). */
const crossEntropyDiscriminator = (real: tf.Tensor, fake: tf.Tensor): tf.Scalar =>
  tf.tidy(() => tf.add(tf.mean(tf.softplus(tf.neg(real))), tf.mean(tf.softplus(fake))));

export const GAN_LOSSES: Record<GanLossName, GanLoss> = {
  /** Goodfellow et al. 2014, generator maximizes log D(G(z)): G loss softplus(-fake). */
  'non-saturating': {
    discriminator: crossEntropyDiscriminator,
    generator: (fake) => tf.tidy(() => tf.mean(tf.softplus(tf.neg(fake))) as tf.Scalar),
  },
  /** The original minimax game: G minimizes log(1 - D(G(z))) = -softplus(fake). */
  minimax: {
    discriminator: crossEntropyDiscriminator,
    generator: (fake) => tf.tidy(() => tf.neg(tf.mean(tf.softplus(fake))) as tf.Scalar),
  },
  /** Hinge loss (Lim & Ye 2017; SAGAN, BigGAN). */
  hinge: {
    discriminator: (real, fake) =>
      tf.tidy(() => tf.add(tf.mean(tf.relu(tf.sub(1, real))), tf.mean(tf.relu(tf.add(1, fake))))),
    generator: (fake) => tf.tidy(() => tf.neg(tf.mean(fake)) as tf.Scalar),
  },
  /** Wasserstein critic loss (Arjovsky et al. 2017); pair it with a Lipschitz constraint plugin. */
  wasserstein: {
    discriminator: (real, fake) => tf.tidy(() => tf.sub(tf.mean(fake), tf.mean(real))),
    generator: (fake) => tf.tidy(() => tf.neg(tf.mean(fake)) as tf.Scalar),
  },
};

export function ganLoss(name: string): GanLoss {
  const loss = GAN_LOSSES[name as GanLossName];
  if (!loss) throw new UserError(`training.loss: got "${name}", expected one of ${Object.keys(GAN_LOSSES).join(', ')}`);
  return loss;
}
