import * as tf from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { DependencyContainer } from 'tsyringe';
import type { CheckpointData } from '../checkpoint/checkpointFormat';
import { CheckpointStore } from '../checkpoint/CheckpointStore';
import { modelTensors, restoreModel } from '../checkpoint/modelWeights';
import type { OptimizerConfig, ResolvedConfig } from '../config/schema';
import { BatchSampler, type BatchSamplerState } from '../data/BatchSampler';
import type { ImageDataset } from '../data/ImageDataset';
import { TOKENS } from '../di/tokens';
import type { JsonValue } from '../io/JsonValue';
import { type GanLoss, ganLoss } from '../losses/ganLosses';
import { RandomStream, type RandomStreams } from '../random/RandomStreams';
import type { MetricsSink } from '../metrics/MetricsSink';
import type { RunDirectory } from '../io/RunDirectory';
import type { LatentSampler } from './LatentSampler';
import { writeSampleGrid } from '../samples/writeSampleGrid';
import { TrainerHooks } from './hooks';
import { type OptimizerSlots, readOptimizer, restoreOptimizer } from './optimizerState';
import { PluginTimings } from './PluginTimings';
import { StepRecorder } from './StepRecorder';
import { TrainingDivergedError } from './TrainingDivergedError';
import { FusedAdamOptimizer } from './FusedAdamOptimizer';

/** How a call to {@link Trainer.run} ended. */
export interface TrainResult {
  status: 'completed' | 'interrupted';
  /** Generator updates completed. */
  step: number;
  finalMetrics: Record<string, number>;
  /** Wall time of the steps this process ran, per step (ms; excludes evaluation). */
  msPerStep: number;
  pluginTime: Record<string, { ms: number; calls: number }>;
}

/** tfjs types variableGrads' result and applyGradients' argument differently; they are the same map. */
type Gradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];

const isDue = (step: number, every: number) => every > 0 && step % every === 0;

const variablesOf = (model: LayersModel) => model.trainableWeights.map((w) => w.read() as tf.Variable);

/**
 * Owns the GAN loop: `dStepsPerGStep` discriminator updates then one generator update per
 * step, each loss passed through its waterfall hook; metrics, evaluation, sample grids and
 * checkpoints on schedule. Services come from `container` (see {@link TOKENS}) when `run`
 * starts, so plugins may override them in `apply`.
 */
export class Trainer {
  readonly hooks = new TrainerHooks();
  private readonly timings = new PluginTimings();
  /** Generator updates completed so far. */
  step = 0;
  private stopRequested = false;
  private readonly evaluationPeriods = new Set<number>();

  constructor(readonly container: DependencyContainer) {
    this.timings.attach(this.hooks);
  }

  get config(): ResolvedConfig {
    return this.container.resolve(TOKENS.Config);
  }

  /**
   * Also fire `evaluate` every `steps` steps, besides `training.evalEvery`: for plugins with a
   * schedule of their own (see `tapEvaluation`). Call it in `apply`.
   */
  evaluateEvery(steps: number): void {
    if (!Number.isInteger(steps) || steps < 1) throw new Error(`evaluateEvery: expected a positive integer, got ${steps}`);
    this.evaluationPeriods.add(steps);
  }

  private isEvaluationDue(step: number): boolean {
    return [this.config.training.evalEvery, ...this.evaluationPeriods].some((every) => isDue(step, every));
  }

  /** Ask the loop to stop after the current step and write a checkpoint (used on SIGINT). */
  requestStop(): void {
    this.stopRequested = true;
  }

  /** Trains from step 0, or from `checkpoint` when resuming. */
  async run(checkpoint?: CheckpointData): Promise<TrainResult> {
    const services = this.resolveServices();
    const { config, metrics } = services;
    const checkpoints = new CheckpointStore(services.runDir.checkpointsDir, config.training.keepCheckpoints);
    let stepTimeMs = 0;
    let stepsRun = 0;
    let loop: TrainingLoop | undefined;
    try {
      await this.hooks.setup.promise({ container: this.container, config, resuming: !!checkpoint });
      loop = new TrainingLoop(this, services, checkpoint);
      if (checkpoint) {
        await loop.restore(checkpoint);
      } else {
        await loop.evaluate(0, 'start');
        metrics.flush();
      }
      const lastStep = config.training.steps;
      let savedAt = -1;
      while (this.step < lastStep) {
        const started = performance.now();
        await loop.trainStep(this.step + 1);
        this.step += 1;
        stepTimeMs += performance.now() - started;
        stepsRun += 1;
        // Steps chain only microtasks; let the event loop run so signals (SIGINT) and I/O get through.
        await new Promise((resolve) => setImmediate(resolve));
        const step = this.step;
        const last = step === lastStep;
        if (this.isEvaluationDue(step) || last) await loop.evaluate(step, last ? 'end' : 'schedule');
        if (isDue(step, config.training.sampleEvery) || last) loop.writeSamples(step);
        metrics.flush();
        if (isDue(step, config.training.checkpointEvery) || last || this.stopRequested) {
          await loop.saveCheckpoint(step, checkpoints);
          savedAt = step;
        }
        if (this.stopRequested && !last) {
          return this.result('interrupted', stepTimeMs, stepsRun, metrics.latest());
        }
      }
      if (savedAt !== this.step) await loop.saveCheckpoint(this.step, checkpoints);
      const finalMetrics = metrics.latest();
      await this.hooks.done.promise({ step: this.step, finalMetrics });
      return this.result('completed', stepTimeMs, stepsRun, finalMetrics);
    } catch (error) {
      metrics.flush();
      await this.hooks.failure.promise({ step: this.step, error: error as Error });
      throw error;
    } finally {
      loop?.dispose();
    }
  }

  /** Per-plugin time so far (also in the result). */
  pluginTime(): Record<string, { ms: number; calls: number }> {
    return this.timings.summary();
  }

  private result(status: TrainResult['status'], ms: number, steps: number, finalMetrics: Record<string, number>): TrainResult {
    return { status, step: this.step, finalMetrics, msPerStep: steps ? ms / steps : 0, pluginTime: this.pluginTime() };
  }

  private resolveServices(): TrainingServices {
    const c = this.container;
    return {
      config: c.resolve(TOKENS.Config),
      generator: c.resolve(TOKENS.Generator),
      discriminator: c.resolve(TOKENS.Discriminator),
      dataset: c.resolve(TOKENS.Dataset),
      latent: c.resolve(TOKENS.LatentSampler),
      random: c.resolve(TOKENS.Random),
      metrics: c.resolve(TOKENS.Metrics),
      runDir: c.resolve(TOKENS.RunDirectory),
    };
  }
}

interface TrainingServices {
  config: ResolvedConfig;
  generator: LayersModel;
  discriminator: LayersModel;
  dataset: ImageDataset;
  latent: LatentSampler;
  random: RandomStreams;
  metrics: MetricsSink;
  runDir: RunDirectory;
}

/** The per-run state of the loop: optimizers, data order, the fixed sample batch. */
class TrainingLoop {
  private readonly loss: GanLoss;
  private readonly gOptimizer: tf.AdamOptimizer;
  private readonly dOptimizer: tf.AdamOptimizer;
  private sampler: BatchSampler;
  /** The fixed latent batch of the sample grids: its own stream, outside checkpointed state. */
  private readonly sampleZ: Float32Array;

  constructor(
    private readonly trainer: Trainer,
    private readonly s: TrainingServices,
    checkpoint?: CheckpointData,
  ) {
    const { training } = s.config;
    this.loss = ganLoss(training.loss);
    this.gOptimizer = adam(training.optimizers.generator);
    this.dOptimizer = adam(training.optimizers.discriminator);
    const samplerState = checkpoint?.state.sampler as BatchSamplerState | undefined;
    this.sampler = new BatchSampler(s.dataset, training.batchSize, s.random.get('data'), samplerState);
    this.sampleZ = s.latent.sampleValues(training.sampleCount, new RandomStream(`${s.config.seed}/sample-grid`));
  }

  async trainStep(step: number): Promise<void> {
    const hooks = this.trainer.hooks;
    hooks.beforeStep.call({ step });
    const recorder = new StepRecorder();
    const k = this.s.config.training.dStepsPerGStep;
    let dLoss = 0;
    for (let dStep = 0; dStep < k; dStep++) dLoss += this.discriminatorUpdate(step, dStep, recorder) / k;
    const gLoss = this.generatorUpdate(step, recorder);
    const recorded = recorder.collect();
    if (!Number.isFinite(dLoss) || !Number.isFinite(gLoss)) {
      throw new TrainingDivergedError(step, { 'loss/d': dLoss, 'loss/g': gLoss });
    }
    const stepMetrics: Record<string, number> = { 'loss/d': dLoss, 'loss/g': gLoss, ...recorded };
    for (const [name, value] of Object.entries(stepMetrics)) this.s.metrics.record(step, name, value);
    await hooks.afterStep.promise({ step, dLoss, gLoss, metrics: stepMetrics });
  }

  private discriminatorUpdate(step: number, dStep: number, recorder: StepRecorder): number {
    const { generator, discriminator, dataset, latent, config } = this.s;
    const batch = config.training.batchSize;
    const real = tf.tensor4d(this.sampler.next(), [batch, ...dataset.shape]);
    const fake = tf.tidy(() => {
      const z = latent.sample(batch);
      return generator.apply(z, { training: true }) as tf.Tensor4D;
    });
    const discriminate = (images: tf.Tensor4D) => discriminator.apply(images, { training: true }) as tf.Tensor2D;
    const { value, grads } = tf.variableGrads(() => {
      const realLogits = discriminate(real);
      const fakeLogits = discriminate(fake);
      const adversarial = this.loss.discriminator(realLogits, fakeLogits);
      const context = { step, dStep, real, fake, realLogits, fakeLogits, discriminate, record: recorder.record };
      return checkScalar(this.trainer.hooks.discriminatorLoss.call(adversarial, context), 'discriminatorLoss');
    }, variablesOf(discriminator));
    const loss = value.dataSync()[0];
    this.dOptimizer.applyGradients(grads as Gradients);
    tf.dispose([value, real, fake, grads]);
    return loss;
  }

  private generatorUpdate(step: number, recorder: StepRecorder): number {
    const { generator, discriminator, latent, config } = this.s;
    const z = latent.sample(config.training.batchSize);
    const generate = (input: tf.Tensor2D) => generator.apply(input, { training: true }) as tf.Tensor4D;
    const { value, grads } = tf.variableGrads(() => {
      const fake = generate(z);
      const fakeLogits = discriminator.apply(fake, { training: true }) as tf.Tensor2D;
      const adversarial = this.loss.generator(fakeLogits);
      const context = { step, z, fake, fakeLogits, generate, record: recorder.record };
      return checkScalar(this.trainer.hooks.generatorLoss.call(adversarial, context), 'generatorLoss');
    }, variablesOf(generator));
    const loss = value.dataSync()[0];
    this.gOptimizer.applyGradients(grads as Gradients);
    tf.dispose([value, z, grads]);
    return loss;
  }

  dispose(): void {
    this.gOptimizer.dispose();
    this.dOptimizer.dispose();
  }

  async evaluate(step: number, reason: 'start' | 'schedule' | 'end'): Promise<void> {
    const record = (name: string, value: number) => this.s.metrics.record(step, name, value);
    await this.trainer.hooks.evaluate.promise({ step, reason, record });
  }

  writeSamples(step: number): void {
    const { generator, latent, config, dataset, runDir } = this.s;
    const n = config.training.sampleCount;
    const images = tf.tidy(() => generator.predict(tf.tensor2d(this.sampleZ, [n, latent.dim])) as tf.Tensor);
    const values = images.dataSync() as Float32Array;
    images.dispose();
    writeSampleGrid(`${runDir.samplesDir}/step-${String(step).padStart(8, '0')}.png`, values, [n, ...dataset.shape]);
  }

  async saveCheckpoint(step: number, store: CheckpointStore): Promise<void> {
    const plugins: { [key: string]: JsonValue } = {};
    await this.trainer.hooks.saveCheckpoint.promise({ step, set: (key, state) => (plugins[key] = state) });
    const g = await readOptimizer(this.gOptimizer, 'gOptimizer');
    const d = await readOptimizer(this.dOptimizer, 'dOptimizer');
    const state = {
      imageShape: this.s.dataset.shape,
      random: this.s.random.state() as JsonValue,
      sampler: this.sampler.state() as unknown as JsonValue,
      optimizers: { generator: g.slots, discriminator: d.slots } as unknown as JsonValue,
      plugins,
    };
    const tensors = [
      ...modelTensors(this.s.generator, 'generator'),
      ...modelTensors(this.s.discriminator, 'discriminator'),
      ...g.tensors,
      ...d.tensors,
    ];
    store.save({ step, state, tensors });
  }

  async restore(checkpoint: CheckpointData): Promise<void> {
    const byGroup = (group: string) => checkpoint.tensors.filter((t) => t.key.startsWith(`${group}/`));
    restoreModel(this.s.generator, checkpoint, 'generator');
    restoreModel(this.s.discriminator, checkpoint, 'discriminator');
    const slots = checkpoint.state.optimizers as unknown as { generator: OptimizerSlots; discriminator: OptimizerSlots };
    await restoreOptimizer(this.gOptimizer, byGroup('gOptimizer'), slots.generator);
    await restoreOptimizer(this.dOptimizer, byGroup('dOptimizer'), slots.discriminator);
    this.trainer.step = checkpoint.step;
    this.s.metrics.truncateAfter(checkpoint.step);
    const plugins = (checkpoint.state.plugins ?? {}) as { [key: string]: JsonValue };
    await this.trainer.hooks.restoreCheckpoint.promise({ step: checkpoint.step, get: (key) => plugins[key] });
  }
}

function adam(o: OptimizerConfig): tf.AdamOptimizer {
  return new FusedAdamOptimizer(o.learningRate, o.beta1, o.beta2, o.epsilon);
}

function checkScalar(loss: unknown, hook: string): tf.Scalar {
  if (!(loss instanceof tf.Tensor) || loss.rank !== 0) {
    throw new Error(`a tap of the ${hook} hook returned ${loss instanceof tf.Tensor ? `a tensor of shape [${loss.shape}]` : String(loss)}, expected a scalar tensor`);
  }
  return loss as tf.Scalar;
}
