import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';
import { type ExperimentConfig, readMetrics, resumeExperiment, type RunOptions, silentLogger, startRun, type Trainer, validateConfig } from '@gancond/core';
import type { JacobianClampOptionsInput } from '../../src/index';

/** The plugin as a config names it in these tests: this package's build, by path. */
export const PLUGIN_FILE = path.resolve(__dirname, '../../src/index.js');

/** A fresh temporary directory, removed when the test file finishes. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'gancond-jc-test-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * A small real experiment: real MNIST (first 2048 images), the reference DCGAN at width 8
 * and latent size 8, batch 16, on wasm; with the plugin when `jc` is given.
 */
export function tinyConfig(jc: JacobianClampOptionsInput | undefined, training: ExperimentConfig['training'] = {}) {
  return validateConfig({
    name: 'jc-test',
    seed: 3,
    backend: 'wasm',
    data: { dataset: 'mnist', limit: 2048 },
    model: { width: 8, latentDim: 8 },
    training: { steps: 4, batchSize: 16, evalEvery: 0, checkpointEvery: 0, sampleEvery: 0, sampleCount: 4, ...training },
    plugins: jc ? [{ use: PLUGIN_FILE, options: jc as Record<string, unknown> }] : [],
  });
}

export async function run(config: ReturnType<typeof tinyConfig>, options: Partial<RunOptions> = {}) {
  const outDir = path.join(tempDir(), 'run');
  const summary = await startRun(config, { outDir, logger: silentLogger, ...options });
  return { outDir, summary };
}

export const resume = (outDir: string) => resumeExperiment({ outDir, logger: silentLogger });

/** The run's metrics without their wall-clock times: value by name, per step. */
export function metricsByStep(outDir: string): Map<number, Record<string, number>> {
  const steps = new Map<number, Record<string, number>>();
  for (const { step, name, value } of readMetrics(path.join(outDir, 'metrics.jsonl'))) {
    steps.set(step, { ...steps.get(step), [name]: value });
  }
  return steps;
}

/** onTrainer callback that stops the run cleanly after `step` (as SIGINT does). */
export const stopAfter = (step: number) => (trainer: Trainer) => {
  trainer.hooks.afterStep.tapPromise('test:stop', async (c) => {
    if (c.step === step) trainer.requestStop();
  });
};
