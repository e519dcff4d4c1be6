import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { readMetrics } from '../../src/metrics/MetricsSink';
import { TrainingDivergedError } from '../../src/trainer/TrainingDivergedError';
import { silentLogger } from '../../src/io/Logger';
import { resumeExperiment, startRun } from '../../src/run/runExperiment';
import type { Trainer } from '../../src/trainer/Trainer';
import { tempDir } from '../helpers/tempDir';
import { resumeTiny, runTiny, stopAfter, tinyConfig } from '../helpers/tinyExperiment';

const values = (dir: string) => readMetrics(path.join(dir, 'metrics.jsonl')).map(({ step, name, value }) => ({ step, name, value }));

test('the same config and seed give the same metrics; another seed does not', async () => {
  const a = await runTiny(tinyConfig());
  const b = await runTiny(tinyConfig());
  const c = await runTiny(tinyConfig({ seed: 8 }));
  assert.ok(values(a.outDir).length >= 12);
  assert.deepEqual(values(a.outDir), values(b.outDir));
  assert.notDeepEqual(values(a.outDir), values(c.outDir));
});

test('a run stopped after step 4 and resumed records exactly the metrics of an uninterrupted run', async () => {
  const config = tinyConfig({ training: { steps: 8, checkpointEvery: 3, dStepsPerGStep: 2 } });
  const full = await runTiny(config);
  const part = await runTiny(config, { onTrainer: stopAfter(4) });
  assert.equal(part.summary.status, 'interrupted');
  assert.equal(part.summary.step, 4);
  const resumed = await resumeTiny(part.outDir);
  assert.equal(resumed.status, 'completed');
  assert.equal(resumed.step, 8);
  assert.deepEqual(values(part.outDir), values(full.outDir));
});

test('resume after a crash drops the metrics recorded after the checkpoint and redoes them', async () => {
  const config = tinyConfig({ training: { steps: 6, checkpointEvery: 3 } });
  const full = await runTiny(config);
  const crashed = await runTiny(config);
  // Simulate a crash after step 5: checkpoints 3 survive, 6 is lost, metrics run to step 6 with a torn line.
  fs.rmSync(path.join(crashed.outDir, 'checkpoints', 'step-00000006.ckpt'));
  fs.appendFileSync(path.join(crashed.outDir, 'metrics.jsonl'), '{"step":6,"na');
  await resumeTiny(crashed.outDir);
  assert.deepEqual(values(crashed.outDir), values(full.outDir));
});

/** A generator-loss tap that turns the loss into NaN at `step`. */
function nanAt(step: number) {
  return (trainer: Trainer) =>
    trainer.hooks.generatorLoss.tap('nan', (loss, c) => (c.step === step ? (tf.mul(loss, NaN) as tf.Scalar) : loss));
}

test('a NaN loss stops the run with a clear error, keeping the last good checkpoint and a diverged summary', async () => {
  const outDir = path.join(tempDir(), 'run');
  const config = tinyConfig({ training: { steps: 6, checkpointEvery: 2 } });
  await assert.rejects(startRun(config, { outDir, logger: silentLogger, onTrainer: nanAt(3) }), (error: Error) => {
    assert.ok(error instanceof TrainingDivergedError);
    assert.match(error.message, /diverged at step 3: loss\/g is NaN/);
    return true;
  });
  const summary = JSON.parse(fs.readFileSync(path.join(outDir, 'summary.json'), 'utf8'));
  assert.equal(summary.status, 'diverged');
  assert.match(summary.error, /loss\/g is NaN/);
  assert.deepEqual(fs.readdirSync(path.join(outDir, 'checkpoints')), ['step-00000002.ckpt']);
  assert.ok(values(outDir).every((r) => r.step <= 2 && Number.isFinite(r.value)));
  // The kept checkpoint is usable: the run resumes from it (and completes, without the NaN tap).
  const resumed = await resumeExperiment({ outDir, logger: silentLogger });
  assert.equal(resumed.status, 'completed');
});

test('the tfjs tensor count stays flat across training steps', async () => {
  const counts: number[] = [];
  await runTiny(tinyConfig({ training: { steps: 8, evalEvery: 0, checkpointEvery: 0, dStepsPerGStep: 2 } }), {
    onTrainer: (trainer) => trainer.hooks.afterStep.tapPromise('count', async () => void counts.push(tf.memory().numTensors)),
  });
  // Adam creates its slots in the first update; from then on nothing may accumulate.
  assert.deepEqual(counts.slice(1), Array(counts.length - 1).fill(counts[1]), `tensor counts ${counts}`);
});

test('a short real MNIST run writes its files and both losses move away from their start', async () => {
  const config = tinyConfig({
    data: { dataset: 'mnist', limit: 2048 },
    model: { width: 16, latentDim: 16 },
    training: { steps: 200, batchSize: 32, evalEvery: 0, checkpointEvery: 100, sampleEvery: 100 },
  });
  const { outDir, summary } = await runTiny(config);
  assert.equal(summary.status, 'completed');
  assert.equal(summary.backend.name, 'wasm');
  for (const f of ['config.resolved.yaml', 'metrics.jsonl', 'summary.json', 'samples/step-00000100.png', 'samples/step-00000200.png', 'checkpoints/step-00000200.ckpt']) {
    assert.ok(fs.existsSync(path.join(outDir, f)), f);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  for (const name of ['loss/d', 'loss/g']) {
    const series = values(outDir).filter((r) => r.name === name).map((r) => r.value);
    assert.equal(series.length, 200);
    const start = mean(series.slice(0, 3));
    // The largest distance of a 5-step moving average from the start.
    const moved = Math.max(...series.slice(4).map((_, i) => Math.abs(mean(series.slice(i, i + 5)) - start)));
    assert.ok(moved > 0.2, `${name} moved at most ${moved.toFixed(3)} from ${start.toFixed(3)}`);
  }
});
