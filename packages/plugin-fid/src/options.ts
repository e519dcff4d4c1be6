import { z } from '@gancond/core';

/** How to read a user-supplied extractor; see `FeatureExtractorOptions` in @gancond/core. */
export const extractorOptionsSchema = z
  .object({
    featureLayer: z.string().min(1).optional().describe('layer or graph node with the features (required for a GraphModel)'),
    probabilityLayer: z.string().min(1).optional().describe('layer or graph node with the class probabilities (default: the output)'),
    logits: z.boolean().optional().describe('the probability layer outputs logits: apply a softmax'),
    inputRange: z.tuple([z.number(), z.number()]).optional().describe('value range the network expects (default [-1, 1])'),
  })
  .strict();

export const fidOptionsSchema = z
  .object({
    every: z
      .number()
      .int()
      .positive()
      .default(1)
      .describe('score at evaluations whose step is a multiple of this (and always at the end of training)'),
    samples: z.number().int().min(2).default(10000).describe('generated images per evaluation, and real images in the reference statistics'),
    extractor: z
      .string()
      .min(1)
      .default('mnist-classifier')
      .describe('feature extractor: a built-in (mnist-classifier) or the path of a tfjs model.json (e.g. a converted Inception-v3)'),
    extractorOptions: extractorOptionsSchema.default({}).describe('how to read a user-supplied extractor'),
    referenceSplit: z.enum(['train', 'test']).default('test').describe("split of the run's dataset the generated images are compared with"),
    batchSize: z.number().int().positive().default(250).describe('images per extractor batch'),
    cacheDir: z.string().min(1).optional().describe('where reference statistics are cached (default $GANCOND_CACHE/fid or ~/.cache/gancond/fid)'),
    kid: z.boolean().default(false).describe('also record the Kernel Inception Distance (holds the features in memory)'),
    kidSubsets: z.number().int().positive().default(100).describe('KID: number of subsets'),
    kidSubsetSize: z.number().int().min(2).default(1000).describe('KID: feature vectors per subset'),
  })
  .strict();

export type FidOptions = z.output<typeof fidOptionsSchema>;
export type FidOptionsInput = z.input<typeof fidOptionsSchema>;
