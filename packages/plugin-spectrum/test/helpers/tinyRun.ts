import * as path from 'node:path';
import { type ExperimentConfig, readMetrics, resumeExperiment, type RunOptions, silentLogger, startRun, type Trainer, validateConfig } from '@gancond/core';
import type { SpectrumOptionsInput } from '../../src/index';
import { tempDir } from './tempDir';

/** The plugin as a config names it in these tests: this package's build, by path. */
export const PLUGIN_FILE = path.resolve(__dirname, '../../src/index.js');

/**
 * A small real experiment: real MNIST (first 512 images), the reference DCGAN at width 8
 * and latent size 8, batch 16, on wasm, with the spectrum plugin.
 */
export function tinyConfig(options: SpectrumOptionsInput, training: ExperimentConfig['training'] = {}) {
  return validateConfig({
    name: 'spectrum-test',
    seed: 5,
    backend: 'wasm',
    data: { dataset: 'mnist', limit: 512 },
    model: { width: 8, latentDim: 8 },
    training: { steps: 6, batchSize: 16, evalEvery: 3, checkpointEvery: 3, sampleEvery: 0, sampleCount: 4, ...training },
    plugins: [{ use: PLUGIN_FILE, options: options as Record<string, unknown> }],
  });
}

/** Runs `config` in `<parent>/run` (parent: a fresh temporary directory). */
export async function run(config: ReturnType<typeof tinyConfig>, options: Partial<RunOptions> = {}, parent = tempDir()) {
  const outDir = path.join(parent, 'run');
  const summary = await startRun(config, { outDir, logger: silentLogger, ...options });
  return { outDir, summary };
}

export const resume = (outDir: string) => resumeExperiment({ outDir, logger: silentLogger });

/** Steps at which `name` was recorded, in file order. */
export function stepsOf(outDir: string, name: string): number[] {
  return readMetrics(path.join(outDir, 'metrics.jsonl'))
    .filter((r) => r.name === name)
    .map((r) => r.step);
}

/** onTrainer callback that stops the run cleanly after `step` (as SIGINT does). */
export const stopAfter = (step: number) => (trainer: Trainer) => {
  trainer.hooks.afterStep.tapPromise('test:stop', async (c) => {
    if (c.step === step) trainer.requestStop();
  });
};
