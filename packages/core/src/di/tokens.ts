import type { InjectionToken } from 'tsyringe';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ResolvedConfig } from '../config/schema';
import type { BackendInfo } from '../backend/BackendInfo';
import type { ImageDataset } from '../data/ImageDataset';
import type { LatentSampler } from '../trainer/LatentSampler';
import type { RandomStreams } from '../random/RandomStreams';
import type { MetricsSink } from '../metrics/MetricsSink';
import type { RunDirectory } from '../io/RunDirectory';
import type { Logger } from '../io/Logger';

/**
 * Injection tokens of the services that live in each run's child container.
 * A plugin resolves what it needs (`container.resolve(TOKENS.Generator)`) in `apply`
 * or in the `setup` hook, and may register its own value for a token to override it
 * (before `setup` fires, i.e. in `apply`).
 */
export const TOKENS = {
  /** The fully resolved experiment config ({@link ResolvedConfig}). */
  Config: Symbol.for('gancond.Config') as InjectionToken<ResolvedConfig>,
  /** The tfjs backend in use, its version, and why it was chosen. */
  Backend: Symbol.for('gancond.Backend') as InjectionToken<BackendInfo>,
  /** The generator G: latent [batch, latentDim] -> image [batch, h, w, c] in [-1, 1]. */
  Generator: Symbol.for('gancond.Generator') as InjectionToken<LayersModel>,
  /** The discriminator D: image [batch, h, w, c] -> logit [batch, 1]. */
  Discriminator: Symbol.for('gancond.Discriminator') as InjectionToken<LayersModel>,
  /** The real training images. */
  Dataset: Symbol.for('gancond.Dataset') as InjectionToken<ImageDataset>,
  /** Draws latent batches z ~ p(z) from the run's seeded `latent` stream. */
  LatentSampler: Symbol.for('gancond.LatentSampler') as InjectionToken<LatentSampler>,
  /** The run's named, seeded, checkpointed random streams. */
  Random: Symbol.for('gancond.Random') as InjectionToken<RandomStreams>,
  /** Where metrics go: `metrics.jsonl` and the run summary. */
  Metrics: Symbol.for('gancond.Metrics') as InjectionToken<MetricsSink>,
  /** The run directory (config, metrics, checkpoints, samples). */
  RunDirectory: Symbol.for('gancond.RunDirectory') as InjectionToken<RunDirectory>,
  /** Human-readable progress and warnings. */
  Logger: Symbol.for('gancond.Logger') as InjectionToken<Logger>,
} as const;

