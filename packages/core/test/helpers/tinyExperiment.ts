import * as path from 'node:path';
import type { ExperimentConfig, ResolvedConfig } from '../../src/config/schema';
import { validateConfig } from '../../src/config/loadConfig';
import { silentLogger } from '../../src/io/Logger';
import { resumeExperiment, startRun, type RunOptions } from '../../src/run/runExperiment';
import type { Trainer } from '../../src/trainer/Trainer';
import { tempDir } from './tempDir';

/**
 * A real but small experiment: real MNIST (first 512 images), the reference DCGAN at
 * width 8 and latent size 8, batch 16. Fast enough to run many times in a test suite.
 */
export function tinyConfig(overrides: Partial<ExperimentConfig> & { training?: ExperimentConfig['training'] } = {}): ResolvedConfig {
  return validateConfig({
    name: 'tiny',
    seed: 7,
    ...overrides,
    data: { dataset: 'mnist', limit: 512, ...overrides.data },
    model: { width: 8, latentDim: 8, ...overrides.model },
    training: {
      steps: 6,
      batchSize: 16,
      evalEvery: 3,
      checkpointEvery: 3,
      sampleEvery: 0,
      sampleCount: 4,
      ...overrides.training,
    },
  });
}

/** Runs `config` in a fresh temp run directory; returns the directory and the summary. */
export async function runTiny(config: ResolvedConfig, options: Partial<RunOptions> = {}) {
  const outDir = path.join(tempDir(), 'run');
  const summary = await startRun(config, { outDir, logger: silentLogger, ...options });
  return { outDir, summary };
}

export async function resumeTiny(outDir: string, options: Partial<RunOptions> = {}) {
  return resumeExperiment({ outDir, logger: silentLogger, ...options });
}

/** onTrainer callback that stops the run cleanly after `step` (as SIGINT does). */
export const stopAfter = (step: number) => (trainer: Trainer) => {
  trainer.hooks.afterStep.tapPromise('test:stop', async (c) => {
    if (c.step === step) trainer.requestStop();
  });
};
