import { z } from '@gancond/core';

/** What the penalty itself needs (Algorithm 1's ε, λ_min, λ_max, and how Q is measured). */
const penaltyShape = {
  epsilon: z.number().positive().default(1).describe('norm of the latent perturbation δ'),
  lambdaMin: z.number().nonnegative().default(1).describe('lower end of the band Q is clamped to'),
  lambdaMax: z.number().positive().default(20).describe('upper end of the band Q is clamped to'),
  granularity: z
    .enum(['per-example', 'per-batch'])
    .default('per-example')
    .describe('per-example: one Q per example, penalties averaged; per-batch: one Q from norms over the whole batch'),
};

/** The plugin adds how much of the penalty goes into the generator loss, and how often. */
const pluginShape = {
  ...penaltyShape,
  weight: z.number().nonnegative().default(1).describe('multiplier of the penalty in the generator loss (0: measure Q only)'),
  every: z.number().int().positive().default(1).describe('apply on every Nth generator update'),
};

/** The band must be non-empty: a clamp to [λ_min, λ_max] with λ_min ≥ λ_max penalizes every Q. */
function checkBand(options: { lambdaMin: number; lambdaMax: number }, ctx: z.core.$RefinementCtx): void {
  if (options.lambdaMin >= options.lambdaMax) {
    ctx.addIssue({
      code: 'custom',
      path: ['lambdaMin'],
      input: options.lambdaMin,
      message: `lambdaMin must be below lambdaMax (${options.lambdaMax})`,
    });
  }
}

export const penaltyOptionsSchema = z.object(penaltyShape).strict().superRefine(checkBand);
export const jacobianClampOptionsSchema = z.object(pluginShape).strict().superRefine(checkBand);

/** Options of {@link jacobianClampPenalty} after defaults. */
export type PenaltyOptions = z.output<typeof penaltyOptionsSchema>;
/** Options of the plugin as written in a config (every field optional). */
export type JacobianClampOptionsInput = z.input<typeof jacobianClampOptionsSchema>;
/** Options of the plugin after defaults. */
export type JacobianClampOptions = z.output<typeof jacobianClampOptionsSchema>;
