import { evaluatorOptionsShape, z } from '@gancond/core';

const { every, extractor, extractorOptions, batchSize } = evaluatorOptionsShape;

export const inceptionOptionsSchema = z
  .object({
    every,
    samples: z.number().int().positive().default(10000).describe('generated images scored per evaluation'),
    splits: z.number().int().positive().default(10).describe('number of splits the score is averaged over'),
    extractor,
    extractorOptions,
    batchSize,
  })
  .strict()
  .refine((o) => o.samples >= o.splits, { message: 'samples must be at least splits (one sample per split)', path: ['samples'] });

export type InceptionOptions = z.output<typeof inceptionOptionsSchema>;
export type InceptionOptionsInput = z.input<typeof inceptionOptionsSchema>;
