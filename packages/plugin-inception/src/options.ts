import { z } from '@gancond/core';

/** How to read a user-supplied classifier; see `FeatureExtractorOptions` in @gancond/core. */
export const extractorOptionsSchema = z
  .object({
    featureLayer: z.string().min(1).optional().describe('layer or graph node with the features (required for a GraphModel)'),
    probabilityLayer: z.string().min(1).optional().describe('layer or graph node with the class probabilities (default: the output)'),
    logits: z.boolean().optional().describe('the probability layer outputs logits: apply a softmax'),
    inputRange: z.tuple([z.number(), z.number()]).optional().describe('value range the network expects (default [-1, 1])'),
  })
  .strict();

export const inceptionOptionsSchema = z
  .object({
    every: z
      .number()
      .int()
      .positive()
      .default(1)
      .describe('score at evaluations whose step is a multiple of this (and always at the end of training)'),
    samples: z.number().int().positive().default(10000).describe('generated images scored per evaluation'),
    splits: z.number().int().positive().default(10).describe('number of splits the score is averaged over'),
    extractor: z
      .string()
      .min(1)
      .default('mnist-classifier')
      .describe('classifier: a built-in (mnist-classifier) or the path of a tfjs model.json (e.g. a converted Inception-v3)'),
    extractorOptions: extractorOptionsSchema.default({}).describe('how to read a user-supplied classifier'),
    batchSize: z.number().int().positive().default(250).describe('images per classifier batch'),
  })
  .strict()
  .refine((o) => o.samples >= o.splits, { message: 'samples must be at least splits (one sample per split)', path: ['samples'] });

export type InceptionOptions = z.output<typeof inceptionOptionsSchema>;
export type InceptionOptionsInput = z.input<typeof inceptionOptionsSchema>;
