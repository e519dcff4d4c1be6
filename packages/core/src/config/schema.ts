import { z } from 'zod';

/**
 * The experiment config: what a YAML/JSON experiment file may say, with every default.
 * `gancond schema` prints it as JSON Schema for editor completion.
 * Nested sections use `prefault` so that an omitted section is parsed (and filled with
 * its own defaults) exactly like an empty one.
 */

const positiveInt = z.number().int().positive();

const optimizerSchema = z
  .object({
    learningRate: z.number().positive().default(2e-4).describe('Adam learning rate'),
    beta1: z.number().min(0).max(1).default(0.5).describe('Adam beta1'),
    beta2: z.number().min(0).max(1).default(0.999).describe('Adam beta2'),
    epsilon: z.number().positive().default(1e-8).describe('Adam epsilon'),
  })
  .strict();

export const dataSchema = z
  .object({
    dataset: z.enum(['mnist', 'fashion-mnist', 'cifar10']).default('mnist'),
    path: z
      .string()
      .optional()
      .describe('directory of the dataset files (required for fashion-mnist and cifar10; mnist is embedded)'),
    split: z.enum(['train', 'test']).default('train'),
    limit: positiveInt.optional().describe('use only the first N examples'),
  })
  .strict();

export const modelSchema = z
  .object({
    architecture: z
      .enum(['auto', 'dcgan-mnist', 'dcgan-cifar', 'module'])
      .default('auto')
      .describe('auto: dcgan-mnist for 28x28x1 data, dcgan-cifar for 32x32x3'),
    module: z
      .string()
      .optional()
      .describe('with architecture "module": path to a module exporting buildModels(context)'),
    latentDim: positiveInt.default(64),
    latentPrior: z.enum(['normal', 'uniform']).default('normal').describe('normal: N(0, I); uniform: U(-1, 1)'),
    width: positiveInt.default(64).describe('channel width of the widest generator layer'),
  })
  .strict();

export const trainingSchema = z
  .object({
    steps: positiveInt.default(1000).describe('generator updates'),
    batchSize: positiveInt.default(64),
    loss: z.enum(['non-saturating', 'minimax', 'hinge', 'wasserstein']).default('non-saturating'),
    dStepsPerGStep: positiveInt.default(1),
    optimizers: z
      .object({
        generator: optimizerSchema.prefault({}),
        discriminator: optimizerSchema.prefault({}),
      })
      .strict()
      .prefault({}),
    evalEvery: z.number().int().nonnegative().default(500).describe('evaluation hook schedule (0: only at start and end)'),
    checkpointEvery: z.number().int().nonnegative().default(500).describe('0: only at the end'),
    keepCheckpoints: positiveInt.default(3),
    sampleEvery: z.number().int().nonnegative().default(500).describe('PNG grid of a fixed latent batch; 0: only at the end'),
    sampleCount: positiveInt.default(64),
    logEvery: positiveInt.default(10).describe('progress line period when not on a terminal'),
  })
  .strict();

export const pluginEntrySchema = z
  .object({
    use: z.string().min(1).describe('npm package name, or a path (./ or ../) relative to the config file'),
    options: z.record(z.string(), z.unknown()).default({}),
  })
  .strict();

export const experimentSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, ".", "_" and "-" only'),
    seed: z.number().int().nonnegative().default(0),
    backend: z.enum(['auto', 'tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']).default('auto'),
    wasmThreads: positiveInt
      .default(1)
      .describe('XNNPACK threads of the wasm backend; more than 1 starts its multi-threaded build (experimental)'),
    nativeKernels: z
      .enum(['auto', 'off'])
      .default('auto')
      .describe('wasm backend: run convolutions, their gradients and matmuls with @gancond/native-kernels when it is installed (auto), or with XNNPACK only (off)'),
    nativeThreads: positiveInt.optional().describe('threads of @gancond/native-kernels (default: every core)'),
    data: dataSchema.prefault({}),
    model: modelSchema.prefault({}),
    training: trainingSchema.prefault({}),
    plugins: z.array(pluginEntrySchema).default([]),
  })
  .strict();

/** What a config file may contain (defaults optional). */
export type ExperimentConfig = z.input<typeof experimentSchema>;
/** The config after validation, every default filled in: what the run uses and writes out. */
export type ResolvedConfig = z.output<typeof experimentSchema>;
export type OptimizerConfig = z.output<typeof optimizerSchema>;
export type DataConfig = z.output<typeof dataSchema>;
export type ModelConfig = z.output<typeof modelSchema>;
export type TrainingConfig = z.output<typeof trainingSchema>;
export type PluginEntry = z.output<typeof pluginEntrySchema>;

/** The JSON Schema of experiment files (input side: defaults are optional). */
export function experimentJsonSchema(): object {
  return z.toJSONSchema(experimentSchema, { io: 'input' });
}
