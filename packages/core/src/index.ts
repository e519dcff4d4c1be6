import 'reflect-metadata';

/** zod, re-exported so that plugins build their option schemas with the core's copy. */
export { z } from 'zod';
/** commander's Command, the type a plugin's `commands(program)` receives. */
export type { Command } from 'commander';

// Plugins
export { definePlugin, isPlugin, type GancondPlugin } from './plugin/definePlugin';
export { loadPlugins, loadPluginModule, type LoadedPlugin } from './plugin/loadPlugins';
export { findInstalledPlugins, type InstalledPlugin } from './plugin/findInstalledPlugins';
export { tapEvaluation } from './plugin/tapEvaluation';

// Trainer and its hooks
export { Trainer, type TrainResult } from './trainer/Trainer';
export * from './trainer/hooks';
export { LatentSampler, type LatentPrior } from './trainer/LatentSampler';
export { TrainingDivergedError } from './trainer/TrainingDivergedError';
export { GAN_LOSSES, ganLoss, type GanLoss, type GanLossName } from './losses/ganLosses';

// Services and their tokens
export { TOKENS } from './di/tokens';
export { RandomStream, RandomStreams, type RandomStreamsState } from './random/RandomStreams';
export { MetricsSink, readMetrics, type MetricRecord } from './metrics/MetricsSink';
export { RunDirectory } from './io/RunDirectory';
export { consoleLogger, silentLogger, type Logger } from './io/Logger';
export type { JsonValue } from './io/JsonValue';
export { atomicWriteFileSync } from './io/atomicWrite';
export { readJsonLines, truncateJsonLinesAfter } from './io/jsonLines';
export { parseNpy, encodeNpy, type NpyArray } from './io/npy';
export { UserError } from './errors/UserError';

// Experiments
export * from './config/schema';
export { loadConfig, validateConfig, type LoadedConfig } from './config/loadConfig';
export { formatValidationError } from './config/formatValidationError';
export { runExperiment, startRun, resumeExperiment, type RunOptions } from './run/runExperiment';
export type { RunSummary } from './run/RunSummary';
export { loadRunGenerator, type RunGenerator } from './run/loadRunGenerator';
export { saveLayersModel, loadLayersModelFile, readModelArtifacts } from './io/layersModelFiles';
export { CheckpointStore } from './checkpoint/CheckpointStore';
export type { CheckpointData, CheckpointTensor } from './checkpoint/checkpointFormat';

// Models and data
export { buildModels, checkModels } from './models/buildModels';
export { buildDcganMnist } from './models/dcganMnist';
export { buildDcganCifar } from './models/dcganCifar';
export type { ModelPair, ModelBuildContext } from './models/ModelPair';
export { FusedBatchNormalization, fusedBatchNormalization } from './models/layers/FusedBatchNormalization';
export { batchNormTraining, type BatchNormTrainingResult } from './ops/batchNormTraining';
export { FusedAdamOptimizer } from './trainer/FusedAdamOptimizer';
export { loadDataset, type DatasetSpec, type DatasetName } from './data/loadDataset';
export { loadMnist, loadFashionMnist } from './data/mnistLike';
export { loadCifar10 } from './data/cifar10';
export { parseIdx, readIdxFile } from './data/idx';
export type { ImageDataset, Split } from './data/ImageDataset';
export { BatchSampler, type BatchSamplerState } from './data/BatchSampler';

// Backends
export { runBenchmark, type BenchResult } from './bench/runBenchmark';
export type { BenchSettings } from './bench/BenchSettings';
export { selectBackend } from './backend/selectBackend';
export type { BackendInfo, BackendName, BackendRequest } from './backend/BackendInfo';
export { registerWasmTrainingKernels } from './backend/wasm/registerWasmTrainingKernels';

// Evaluation
export {
  loadFeatureExtractor,
  type FeatureExtractor,
  type FeatureExtractorOptions,
} from './evaluation/FeatureExtractor';
export { BUILTIN_EXTRACTORS } from './evaluation/builtinExtractors';
export { preprocessImages } from './evaluation/preprocessImages';
export { extractorOptionsSchema, evaluatorOptionsShape } from './evaluation/evaluatorOptions';
export { datasetImages, generatedImages, type ImageBatchSource, type ImageGenerator } from './evaluation/imageBatches';
export { extractInBatches } from './evaluation/extractInBatches';
export {
  addExtractorFlags,
  extractorOptionsFromFlags,
  positiveIntegerFlag,
  integerFlag,
  type ExtractorFlags,
} from './cli/evaluatorFlags';
export { loadGraphModelFile } from './io/graphModelFiles';

// Linear algebra
export { symmetricEigen, symmetricEigenvalues } from './linalg/symmetricEigen';
