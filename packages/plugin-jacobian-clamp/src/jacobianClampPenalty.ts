import * as tf from '@tensorflow/tfjs-core';
import { formatValidationError, UserError, z } from '@gancond/core';
import { rowNorms } from './rowNorms';
import { type PenaltyOptions, penaltyOptionsSchema } from './options';
import { drawPerturbation, type NormalSource } from './perturbation';

export interface JacobianClampPenalty {
  /** Mean over examples (per-example) or the single batch value (per-batch) of L_max + L_min. Unweighted. */
  penalty: tf.Scalar;
  /** The difference quotients: [batch] per-example, [1] per-batch. */
  q: tf.Tensor1D;
}

/**
 * The Jacobian Clamping penalty of Odena et al. 2018 (Algorithm 1), as a plain function
 * usable in any tfjs training loop, inside a gradient tape:
 *
 *   δ ~ N(0, I) rescaled to norm ε,  z' = z + δ,  Q = ‖G(z) − G(z')‖ / ‖z − z'‖,
 *   penalty = (max(Q, λ_max) − λ_max)² + (min(Q, λ_min) − λ_min)².
 *
 * `generate` maps [batch, dim] latents to outputs of any shape [batch, ...] (images are
 * flattened). Pass `gz` = G(z) when it is already on the tape to save one generator pass;
 * the extra cost is then one forward (and, under a tape, one backward) of G on z'.
 * δ is drawn from `rng` (batch·dim normal draws per call).
 */
export function jacobianClampPenalty(
  generate: (z: tf.Tensor2D) => tf.Tensor,
  z: tf.Tensor2D,
  options: z.input<typeof penaltyOptionsSchema>,
  rng: NormalSource,
  gz?: tf.Tensor,
): JacobianClampPenalty {
  const o = parsePenaltyOptions(options);
  if (z.rank !== 2) throw new Error(`jacobianClampPenalty: z must be [batch, dim], got shape [${z.shape}]`);
  const [batch, dim] = z.shape;
  const delta = drawPerturbation(rng, batch, dim, o.epsilon, o.granularity);
  return tf.tidy(() => {
    const zPrime = tf.add(z, tf.tensor2d(delta, [batch, dim])) as tf.Tensor2D;
    const outputs = gz ?? generate(z);
    const outputsPrime = generate(zPrime);
    if (outputs.shape[0] !== batch || outputsPrime.shape[0] !== batch) {
      throw new Error(`jacobianClampPenalty: G(z) has shape [${outputs.shape}] and G(z') [${outputsPrime.shape}], expected a leading batch of ${batch}`);
    }
    const rows = o.granularity === 'per-example' ? batch : 1;
    const outputDistance = rowNorms(tf.reshape(tf.sub(outputs, outputsPrime), [rows, -1]));
    // The realized ‖z' − z‖ (not ε) is the denominator: z + δ rounds in float32. Never 0.
    const latentDistance = tf.norm(tf.reshape(tf.sub(zPrime, z), [rows, -1]), 'euclidean', 1);
    const q = tf.div(outputDistance, latentDistance) as tf.Tensor1D;
    const above = tf.relu(tf.sub(q, o.lambdaMax)); // max(Q, λ_max) − λ_max
    const below = tf.relu(tf.sub(o.lambdaMin, q)); // λ_min − min(Q, λ_min)
    const penalty = tf.mean(tf.add(tf.square(above), tf.square(below))) as tf.Scalar;
    return { penalty, q };
  });
}

/** Options with defaults filled; bad values throw a UserError naming the field, the value and what was expected. */
export function parsePenaltyOptions(options: z.input<typeof penaltyOptionsSchema>): PenaltyOptions {
  const result = penaltyOptionsSchema.safeParse(options);
  if (result.success) return result.data;
  throw new UserError(`invalid Jacobian Clamping options:\n${formatValidationError(result.error, options, 'options')}`);
}
