import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { loadRunGenerator, readMetrics, selectBackend } from '@gancond/core';
import { PROBE_LATENTS_FILE, probeSpectra, readLatentsFile, readSpectra } from '../src/index';
import { resume, run, stepsOf, stopAfter, tinyConfig } from './helpers/tinyRun';

before(async () => {
  await selectBackend('wasm'); // what the runs select; tf.memory() needs a backend before the first run
});

test('probes at step 0, at every evaluation and at the end; the last probe is reproducible from the saved run and z', async () => {
  const tensorsBefore = tf.memory().numTensors;
  const { outDir } = await run(tinyConfig({ samples: 8, keepSpectra: true }));
  assert.equal(tf.memory().numTensors, tensorsBefore, 'no tensor left behind by the probes');
  assert.deepEqual(stepsOf(outDir, 'spectrum/logCondMean'), [0, 3, 6]);
  for (const name of ['logCondStd', 'logCondMedian', 'logCondQ05', 'logCondQ95', 'logDetMean', 'lambdaMaxMean', 'rankDeficient']) {
    assert.deepEqual(stepsOf(outDir, `spectrum/${name}`), [0, 3, 6], name);
  }
  const values = readMetrics(path.join(outDir, 'metrics.jsonl')).filter((r) => r.name === 'spectrum/logCondMean');
  assert.ok(values.every((r) => Number.isFinite(r.value) && r.value > 0), 'log condition numbers are finite and positive');

  const spectra = readSpectra(path.join(outDir, 'spectra.jsonl'));
  assert.deepEqual(spectra.map((r) => [r.step, r.reason]), [[0, 'start'], [3, 'schedule'], [6, 'end']]);
  for (const r of spectra) {
    assert.equal(r.points?.length, 8);
    assert.ok(r.points!.every((p) => p.eigenvalues.length === 8 && p.eigenvalues.every((e, i, a) => i === 0 || e <= a[i - 1])));
    assert.equal(r.summary.meanSpectrum.length, 8);
  }

  // The end probe again, outside the trainer: the saved generator at the saved fixed z.
  const latents = readLatentsFile(path.join(outDir, PROBE_LATENTS_FILE), 8);
  const { generator } = await loadRunGenerator(outDir);
  const z = tf.tensor2d(latents, [8, 8]);
  const again = await probeSpectra(generator, z);
  tf.dispose([z]);
  generator.dispose();
  const last = spectra[2];
  again.points.forEach((p, b) => {
    p.eigenvalues.forEach((e, i) => assert.ok(Math.abs(e - last.points![b].eigenvalues[i]) <= 1e-6 * last.points![b].eigenvalues[0], `point ${b} λ_${i}`));
  });
});

test('every: probes off the evaluation schedule, once per step; fresh draws other points than fixed', async () => {
  const fresh = await run(tinyConfig({ samples: 4, every: 2, seed: 'fresh' }));
  assert.deepEqual(stepsOf(fresh.outDir, 'spectrum/logCondMean'), [0, 2, 4, 6]);
  assert.equal(fs.existsSync(path.join(fresh.outDir, PROBE_LATENTS_FILE)), false);
  const spectra = readSpectra(path.join(fresh.outDir, 'spectra.jsonl'));
  assert.deepEqual(spectra.map((r) => r.step), [0, 2, 4, 6]);
  assert.equal(spectra[0].points, undefined, 'points only with keepSpectra');

  const fixed = await run(tinyConfig({ samples: 4, every: 2 }));
  const first = (dir: string) => readSpectra(path.join(dir, 'spectra.jsonl'))[0].summary.logCond!.mean;
  assert.notEqual(first(fresh.outDir), first(fixed.outDir), 'same initial generator, other latent points');
});

test('a resumed run drops the probes after its checkpoint and ends with the probes of an uninterrupted run', async () => {
  const config = tinyConfig({ samples: 4, every: 2, keepSpectra: true });
  const whole = await run(config);

  const cut = await run(config, { onTrainer: stopAfter(4) });
  // Lose the step-4 checkpoint, as a crash right after the step-4 probe would.
  fs.rmSync(path.join(cut.outDir, 'checkpoints', 'step-00000004.ckpt'));
  assert.deepEqual(readSpectra(path.join(cut.outDir, 'spectra.jsonl')).map((r) => r.step), [0, 2, 4]);
  await resume(cut.outDir);

  const steps = (dir: string) => readSpectra(path.join(dir, 'spectra.jsonl'));
  assert.deepEqual(steps(cut.outDir).map((r) => r.step), [0, 2, 4, 6]);
  assert.deepEqual(steps(cut.outDir), steps(whole.outDir));
  assert.deepEqual(stepsOf(cut.outDir, 'spectrum/logCondMean'), [0, 2, 4, 6]);
});
