import { AsyncSeriesHook, SyncHook, SyncWaterfallHook } from 'tapable';
import type * as tf from '@tensorflow/tfjs-core';
import type { DependencyContainer } from 'tsyringe';
import type { ResolvedConfig } from '../config/schema';
import type { JsonValue } from '../io/JsonValue';

/**
 * The trainer's lifecycle: every point a plugin can attach to, declared in one place.
 *
 * Step numbering: step `s` is the s-th generator update (1-based). Step 0 is "before
 * training". Within a step the order is: beforeStep, `dStepsPerGStep` discriminator
 * updates (each through `discriminatorLoss`), one generator update (through
 * `generatorLoss`), afterStep, then, when due, evaluate, the sample grid, saveCheckpoint.
 *
 * A plugin taps hooks in its `apply(trainer, options)`, using its own name as the tap
 * name (`trainer.hooks.afterStep.tapPromise('my-plugin', ...)`); the time spent in each
 * plugin's taps is measured by an interceptor and reported in `summary.json`.
 */
export class TrainerHooks {
  /**
   * Once per process run (fresh or resumed), after the run's services are registered in
   * the container and before any checkpoint is restored or any step runs. Async: load
   * models, read reference statistics, warm caches. Return value ignored.
   */
  readonly setup = new AsyncSeriesHook<[SetupContext]>(['context']);

  /** Before each step's first discriminator update. Sync; return value ignored. */
  readonly beforeStep = new SyncHook<[StepContext]>(['context']);

  /**
   * Inside the gradient tape of each discriminator update: receives the adversarial
   * discriminator loss (a scalar) and must return a scalar, the input plus its own terms
   * (e.g. a gradient penalty). Sync, because tfjs records gradients synchronously: use
   * tensor ops only, no `await`, no `dataSync`. Tensors made here are freed by the trainer.
   */
  readonly discriminatorLoss = new SyncWaterfallHook<[tf.Scalar, DiscriminatorLossContext]>(['loss', 'context']);

  /**
   * Inside the gradient tape of each generator update: receives the adversarial generator
   * loss and must return a scalar with the plugin's terms added (Jacobian Clamping does
   * this). `context.fake` is G(z) already computed for the adversarial loss: reuse it.
   * Same rules as `discriminatorLoss`.
   */
  readonly generatorLoss = new SyncWaterfallHook<[tf.Scalar, GeneratorLossContext]>(['loss', 'context']);

  /**
   * After each step's updates, once its losses are known to be finite and its metrics
   * recorded. Async. Return value ignored.
   */
  readonly afterStep = new AsyncSeriesHook<[AfterStepContext]>(['context']);

  /**
   * At step 0 (before training, not on resume), every `training.evalEvery` steps, every N
   * steps for each N a plugin asked for with `trainer.evaluateEvery(N)`, and after the last
   * step. Evaluators (FID, IS, spectrum probes) compute and `record` named
   * metrics. The generator is in inference mode here. Async. Return value ignored.
   */
  readonly evaluate = new AsyncSeriesHook<[EvaluateContext]>(['context']);

  /**
   * While a checkpoint is written (every `training.checkpointEvery` steps, at the end, on
   * SIGINT): a plugin stores its own JSON state with `context.set(name, state)`. The
   * checkpoint is written atomically after all taps ran. Async.
   */
  readonly saveCheckpoint = new AsyncSeriesHook<[SaveCheckpointContext]>(['context']);

  /**
   * When a run resumes, after `setup` and after the trainer restored the models, optimizers,
   * data order and random streams: a plugin reads back what it stored with
   * `context.get(name)`. Async.
   */
  readonly restoreCheckpoint = new AsyncSeriesHook<[RestoreCheckpointContext]>(['context']);

  /** Once, after the final evaluation and checkpoint of a completed run. Async. */
  readonly done = new AsyncSeriesHook<[DoneContext]>(['context']);

  /**
   * Once, when the run stops on an error (a non-finite loss, a plugin's exception, an
   * I/O failure) before the error propagates. The last good checkpoint is kept. Async.
   */
  readonly failure = new AsyncSeriesHook<[FailureContext]>(['context']);

  /** Every hook by name, for interceptors and listings. */
  all(): Record<string, { intercept(interceptor: object): void }> {
    const { setup, beforeStep, discriminatorLoss, generatorLoss, afterStep, evaluate } = this;
    const { saveCheckpoint, restoreCheckpoint, done, failure } = this;
    return { setup, beforeStep, discriminatorLoss, generatorLoss, afterStep, evaluate, saveCheckpoint, restoreCheckpoint, done, failure };
  }
}

/** Records a named metric at the current step; loss hooks may pass a scalar tensor. */
export type RecordMetric = (name: string, value: number | tf.Scalar) => void;

export interface SetupContext {
  container: DependencyContainer;
  config: ResolvedConfig;
  /** True when this process continues a run from a checkpoint. */
  resuming: boolean;
}

export interface StepContext {
  step: number;
}

export interface DiscriminatorLossContext extends StepContext {
  /** Index of this discriminator update within the step, 0-based. */
  dStep: number;
  /** Real images [batch, h, w, c] in [-1, 1]. */
  real: tf.Tensor4D;
  /** Generated images [batch, h, w, c] (no gradient flows to the generator). */
  fake: tf.Tensor4D;
  /** D(real), D(fake): logits [batch, 1]. */
  realLogits: tf.Tensor2D;
  fakeLogits: tf.Tensor2D;
  /** Runs the discriminator in training mode (for penalties on other inputs, e.g. R1). */
  discriminate(images: tf.Tensor4D): tf.Tensor2D;
  record: RecordMetric;
}

export interface GeneratorLossContext extends StepContext {
  /** The latent batch [batch, latentDim] of this update. */
  z: tf.Tensor2D;
  /** G(z) [batch, h, w, c], already computed for the adversarial loss, inside the tape. */
  fake: tf.Tensor4D;
  /** D(G(z)) logits [batch, 1]. */
  fakeLogits: tf.Tensor2D;
  /** Runs the generator in the same (training) mode as `fake`, on the tape. */
  generate(z: tf.Tensor2D): tf.Tensor4D;
  record: RecordMetric;
}

export interface AfterStepContext extends StepContext {
  /** Mean discriminator loss over the step's D updates, and the generator loss. */
  dLoss: number;
  gLoss: number;
  /** Every metric recorded during this step (losses and plugins' records). */
  metrics: Record<string, number>;
}

export interface EvaluateContext extends StepContext {
  /** `start` at step 0, `schedule` every evalEvery steps, `end` after the last step. */
  reason: 'start' | 'schedule' | 'end';
  record(name: string, value: number): void;
}

export interface SaveCheckpointContext extends StepContext {
  set(key: string, state: JsonValue): void;
}

export interface RestoreCheckpointContext extends StepContext {
  get(key: string): JsonValue | undefined;
}

export interface DoneContext extends StepContext {
  /** The last value of every metric. */
  finalMetrics: Record<string, number>;
}

export interface FailureContext extends StepContext {
  error: Error;
}
