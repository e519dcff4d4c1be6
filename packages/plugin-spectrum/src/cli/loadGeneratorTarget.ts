import * as fs from 'node:fs';
import * as path from 'node:path';
import { type LatentPrior, loadLayersModelFile, loadRunGenerator, UserError } from '@gancond/core';
import { type GeneratorModel, type GeneratorShape, generatorShape } from '../jacobian/generatorModel';

/** A saved generator ready to probe. */
export interface GeneratorTarget extends GeneratorShape {
  model: GeneratorModel & { dispose(): void };
  /** The run's latent prior; undefined for a bare model.json. */
  prior?: LatentPrior;
  /** The run's seed (for the plugin's fixed probe points); undefined for a bare model.json. */
  runSeed?: number;
  /** The training step of the checkpoint; undefined for a bare model.json. */
  step?: number;
}

/**
 * Loads what `gancond spectrum` was pointed at: a run directory (its newest checkpoint), a
 * checkpoint file, or a tfjs `model.json` (e.g. `<run>/generator/model.json`), and checks
 * that it is a generator.
 */
export async function loadGeneratorTarget(target: string): Promise<GeneratorTarget> {
  if (!fs.existsSync(target)) throw new UserError(`${target}: no such run directory, checkpoint or model.json`);
  if (fs.statSync(target).isFile() && path.extname(target) === '.json') {
    const model = await loadLayersModelFile(target);
    return { model, ...checked(model, target) };
  }
  const run = await loadRunGenerator(target);
  return { model: run.generator, prior: run.latentPrior, runSeed: run.config.seed, step: run.step, ...checked(run.generator, target) };
}

function checked(model: GeneratorModel & { dispose(): void }, label: string): GeneratorShape {
  try {
    return generatorShape(model, label);
  } catch (error) {
    model.dispose();
    throw error;
  }
}
