import { evaluatorOptionsShape, z } from '@gancond/core';

const { every, extractor, extractorOptions, batchSize } = evaluatorOptionsShape;

export const fidOptionsSchema = z
  .object({
    every,
    samples: z.number().int().min(2).default(10000).describe('generated images per evaluation, and real images in the reference statistics'),
    extractor,
    extractorOptions,
    referenceSplit: z.enum(['train', 'test']).default('test').describe("split of the run's dataset the generated images are compared with"),
    batchSize,
    cacheDir: z.string().min(1).optional().describe('where reference statistics are cached (default $GANCOND_CACHE/fid or ~/.cache/gancond/fid)'),
    kid: z.boolean().default(false).describe('also record the Kernel Inception Distance (holds the features in memory)'),
    kidSubsets: z.number().int().positive().default(100).describe('KID: number of subsets'),
    kidSubsetSize: z.number().int().min(2).default(1000).describe('KID: feature vectors per subset'),
  })
  .strict();

export type FidOptions = z.output<typeof fidOptionsSchema>;
export type FidOptionsInput = z.input<typeof fidOptionsSchema>;
