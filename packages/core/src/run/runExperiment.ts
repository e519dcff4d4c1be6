import 'reflect-metadata';
import * as fs from 'node:fs';
import { container as rootContainer } from 'tsyringe';
import YAML from 'yaml';
import { selectBackend } from '../backend/selectBackend';
import type { CheckpointData } from '../checkpoint/checkpointFormat';
import { CheckpointStore } from '../checkpoint/CheckpointStore';
import { loadConfig, validateConfig } from '../config/loadConfig';
import type { ResolvedConfig } from '../config/schema';
import { loadDataset } from '../data/loadDataset';
import { TOKENS } from '../di/tokens';
import { UserError } from '../errors/UserError';
import { atomicWriteFileSync } from '../io/atomicWrite';
import { saveLayersModel } from '../io/layersModelFiles';
import { consoleLogger, type Logger } from '../io/Logger';
import { RunDirectory } from '../io/RunDirectory';
import { runtimeVersions } from '../io/versions';
import { MetricsSink } from '../metrics/MetricsSink';
import { buildModels } from '../models/buildModels';
import { loadPlugins } from '../plugin/loadPlugins';
import { RandomStreams } from '../random/RandomStreams';
import { LatentSampler } from '../trainer/LatentSampler';
import { Trainer } from '../trainer/Trainer';
import { TrainingDivergedError } from '../trainer/TrainingDivergedError';
import { withAbsolutePaths } from './absolutePaths';
import type { RunSummary } from './RunSummary';

export interface RunOptions {
  /** The run directory to create (fresh run) or continue (resume). */
  outDir: string;
  logger?: Logger;
  /** Called with the trainer after plugins are applied and before training: progress bars, tests. */
  onTrainer?: (trainer: Trainer) => void;
  /** Stop cleanly with a checkpoint on SIGINT (the CLI sets this). */
  handleSigint?: boolean;
}

/** Starts a fresh run of the experiment in `configFile` (with `--set` overrides). */
export async function runExperiment(configFile: string, overrides: readonly string[], options: RunOptions): Promise<RunSummary> {
  const { config, baseDir } = loadConfig(configFile, overrides);
  return startRun(withAbsolutePaths(config, baseDir), options);
}

/** Starts a fresh run of an already validated config whose paths are absolute. */
export async function startRun(config: ResolvedConfig, options: RunOptions): Promise<RunSummary> {
  const runDir = new RunDirectory(options.outDir);
  if (fs.existsSync(runDir.metricsFile)) {
    throw new UserError(`${runDir.root} already holds a run; continue it with "gancond resume ${options.outDir}" or choose another --out`);
  }
  runDir.create();
  atomicWriteFileSync(runDir.configFile, YAML.stringify(config));
  return execute(config, runDir, undefined, options);
}

/** Continues the run in `outDir` from its newest readable checkpoint. */
export async function resumeExperiment(options: RunOptions): Promise<RunSummary> {
  const runDir = new RunDirectory(options.outDir);
  if (!fs.existsSync(runDir.configFile)) {
    throw new UserError(`${runDir.root} is not a gancond run directory (no config.resolved.yaml)`);
  }
  const config = validateConfig(YAML.parse(fs.readFileSync(runDir.configFile, 'utf8')), runDir.configFile);
  const checkpoint = new CheckpointStore(runDir.checkpointsDir, config.training.keepCheckpoints).loadLatest(options.logger ?? consoleLogger);
  if (!checkpoint) throw new UserError(`${runDir.checkpointsDir} has no readable checkpoint to resume from`);
  (options.logger ?? consoleLogger).info(`resuming ${config.name} from step ${checkpoint.step} (${checkpoint.file})`);
  return execute(config, runDir.create(), checkpoint, options);
}

async function execute(config: ResolvedConfig, runDir: RunDirectory, checkpoint: CheckpointData | undefined, options: RunOptions): Promise<RunSummary> {
  const logger = options.logger ?? consoleLogger;
  const started = performance.now();
  const backend = await selectBackend(config.backend, {
    wasmThreads: config.wasmThreads,
    nativeKernels: { mode: config.nativeKernels, threads: config.nativeThreads },
  });
  const xnnpackThreads = backend.threads ? `, XNNPACK ${backend.threads} thread${backend.threads === 1 ? '' : 's'}` : '';
  logger.info(`backend: ${backend.name}${xnnpackThreads} (${backend.reason})`);
  if (backend.kernels) logger.info(`backend: heavy kernels on ${backend.kernels}`);
  if (backend.warning) logger.warn(`backend: ${backend.warning}`);

  const random = new RandomStreams(config.seed, checkpoint?.state.random as Record<string, object> | undefined);
  const dataset = loadDataset(config.data);
  const models = await buildModels(config.model, dataset.shape, random.get('init'), runDir.root);
  const metrics = new MetricsSink(runDir.metricsFile);

  const container = rootContainer.createChildContainer();
  container.registerInstance(TOKENS.Config, config);
  container.registerInstance(TOKENS.Backend, backend);
  container.registerInstance(TOKENS.Dataset, dataset);
  container.registerInstance(TOKENS.Generator, models.generator);
  container.registerInstance(TOKENS.Discriminator, models.discriminator);
  container.registerInstance(TOKENS.Random, random);
  container.registerInstance(TOKENS.LatentSampler, new LatentSampler(config.model.latentDim, config.model.latentPrior, random.get('latent')));
  container.registerInstance(TOKENS.Metrics, metrics);
  container.registerInstance(TOKENS.RunDirectory, runDir);
  container.registerInstance(TOKENS.Logger, logger);

  const trainer = new Trainer(container);
  const plugins = await loadPlugins(config.plugins, runDir.root);
  for (const { plugin, options: pluginOptions } of plugins) await plugin.apply(trainer, pluginOptions);
  options.onTrainer?.(trainer);

  const base = {
    name: config.name,
    steps: config.training.steps,
    seed: config.seed,
    backend,
    versions: runtimeVersions(),
    plugins: plugins.map((p) => ({ name: p.plugin.name, use: p.use })),
  };
  const writeSummary = (summary: RunSummary) => {
    atomicWriteFileSync(runDir.summaryFile, JSON.stringify(summary, null, 2) + '\n');
    return summary;
  };
  const onSigint = () => {
    logger.info('interrupt: stopping after this step and writing a checkpoint');
    trainer.requestStop();
  };
  if (options.handleSigint) process.once('SIGINT', onSigint);
  try {
    const result = await trainer.run(checkpoint);
    // The final generator as a standard tfjs LayersModel, for tools outside gancond.
    if (result.status === 'completed') await saveLayersModel(models.generator, runDir.file('generator'));
    return writeSummary({ ...base, ...result, wallTimeSec: (performance.now() - started) / 1000 });
  } catch (error) {
    writeSummary({
      ...base,
      status: error instanceof TrainingDivergedError ? 'diverged' : 'failed',
      step: trainer.step,
      finalMetrics: metrics.latest(),
      msPerStep: 0,
      pluginTime: trainer.pluginTime(),
      wallTimeSec: (performance.now() - started) / 1000,
      error: (error as Error).message,
    });
    throw error;
  } finally {
    process.off('SIGINT', onSigint);
    models.generator.dispose();
    models.discriminator.dispose();
  }
}
