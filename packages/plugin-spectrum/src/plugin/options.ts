import { z } from '@gancond/core';

export const spectrumOptionsSchema = z
  .object({
    every: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('probe at step 0, every N generator updates and at the end; default: at every evaluation of the run (training.evalEvery)'),
    samples: z.number().int().positive().default(64).describe('latent points z ~ p(z) per probe'),
    seed: z
      .enum(['fixed', 'fresh'])
      .default('fixed')
      .describe('fixed: the same z at every probe, so curves are comparable; fresh: new z at each probe'),
    keepSpectra: z.boolean().default(false).describe("also write every point's eigenvalues to spectra.jsonl"),
    mode: z
      .enum(['auto', 'forward', 'reverse'])
      .default('auto')
      .describe('Jacobian by d Jacobian-vector products (forward) or n vector-Jacobian products (reverse); auto: the cheaper'),
    rowsPerPass: z.number().int().positive().default(512).describe('generator rows per batched pass (bounds memory)'),
  })
  .strict();

/** Options of the plugin as written in a config (every field optional). */
export type SpectrumOptionsInput = z.input<typeof spectrumOptionsSchema>;
/** Options of the plugin after defaults. */
export type SpectrumOptions = z.output<typeof spectrumOptionsSchema>;
