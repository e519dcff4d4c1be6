import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import YAML from 'yaml';
import { decodeCheckpoint, type CheckpointData } from '../checkpoint/checkpointFormat';
import { CheckpointStore } from '../checkpoint/CheckpointStore';
import { restoreModel } from '../checkpoint/modelWeights';
import { validateConfig } from '../config/loadConfig';
import type { ResolvedConfig } from '../config/schema';
import { UserError } from '../errors/UserError';
import { buildModels } from '../models/buildModels';
import { RandomStream } from '../random/RandomStreams';
import type { LatentPrior } from '../trainer/LatentSampler';

/** A trained generator read back from a run, with what is needed to sample from it. */
export interface RunGenerator {
  generator: LayersModel;
  config: ResolvedConfig;
  /** The training step of the checkpoint it came from. */
  step: number;
  latentDim: number;
  latentPrior: LatentPrior;
  imageShape: [number, number, number];
  runDir: string;
}

/**
 * Loads the generator of a run: `target` is a run directory (its newest readable
 * checkpoint) or a checkpoint file inside one (`<run>/checkpoints/step-*.ckpt`). The
 * architecture is rebuilt from the run's `config.resolved.yaml`.
 */
export async function loadRunGenerator(target: string): Promise<RunGenerator> {
  if (!fs.existsSync(target)) throw new UserError(`${target}: no such run directory or checkpoint`);
  const isFile = fs.statSync(target).isFile();
  const runDir = isFile ? path.dirname(path.dirname(path.resolve(target))) : path.resolve(target);
  const configFile = path.join(runDir, 'config.resolved.yaml');
  if (!fs.existsSync(configFile)) {
    throw new UserError(`${target}: not a gancond run directory or checkpoint (no ${configFile})`);
  }
  const config = validateConfig(YAML.parse(fs.readFileSync(configFile, 'utf8')), configFile);
  const checkpoint: CheckpointData | undefined = isFile
    ? decodeCheckpoint(fs.readFileSync(target), target)
    : new CheckpointStore(path.join(runDir, 'checkpoints'), config.training.keepCheckpoints).loadLatest();
  if (!checkpoint) throw new UserError(`${runDir}: the run has no readable checkpoint yet`);
  const imageShape = checkpoint.state.imageShape as [number, number, number] | undefined;
  if (!imageShape) throw new UserError(`${target}: the checkpoint does not record the image shape (written by an older gancond)`);
  const { generator, discriminator } = await buildModels(config.model, imageShape, new RandomStream('load'), runDir);
  discriminator.dispose();
  restoreModel(generator, checkpoint, 'generator');
  return { generator, config, step: checkpoint.step, latentDim: config.model.latentDim, latentPrior: config.model.latentPrior, imageShape, runDir };
}
