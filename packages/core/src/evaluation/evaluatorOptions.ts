import { z } from 'zod';

/** How to read a user-supplied extractor or classifier; see `FeatureExtractorOptions`. */
export const extractorOptionsSchema = z
  .object({
    featureLayer: z.string().min(1).optional().describe('layer or graph node with the features (required for a GraphModel)'),
    probabilityLayer: z.string().min(1).optional().describe('layer or graph node with the class probabilities (default: the output)'),
    logits: z.boolean().optional().describe('the probability layer outputs logits: apply a softmax'),
    inputRange: z.tuple([z.number(), z.number()]).optional().describe('value range the network expects (default [-1, 1])'),
  })
  .strict();

/**
 * The options every scorer of generated images shares (FID, Inception Score): when to
 * score, with which network, in which batches. A zod shape: a plugin picks these fields
 * into its own `z.object`, next to its own (`samples`, ...). `every` is meant for
 * `tapEvaluation`.
 */
export const evaluatorOptionsShape = {
  every: z
    .number()
    .int()
    .positive()
    .optional()
    .describe('score at step 0, every N steps and at the end; default: at every evaluation of the run (training.evalEvery)'),
  extractor: z
    .string()
    .min(1)
    .default('mnist-classifier')
    .describe('network the images are scored with: a built-in (mnist-classifier) or the path of a tfjs model.json (e.g. a converted Inception-v3)'),
  extractorOptions: extractorOptionsSchema.default({}).describe('how to read a user-supplied network'),
  batchSize: z.number().int().positive().default(250).describe('images per network batch'),
};
