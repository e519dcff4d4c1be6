import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '@gancond/core';
import { metricsByStep, resume, run, stopAfter, tinyConfig } from './helpers/tinyRun';

before(async () => void (await selectBackend('wasm')));

const METRICS = ['qMean', 'qMin', 'qMax', 'penalty', 'fractionAboveMax', 'fractionBelowMin'].map((m) => `jacobian-clamp/${m}`);
// Untrained width-8 generators have Q around 3.5 (ε = 1): this band is violated from the start.
const BAND = { lambdaMin: 1, lambdaMax: 2 };

test('on every 2nd update it records its metrics and adds weight·penalty to the loss, shifting no other draw', async () => {
  const baseline = metricsByStep((await run(tinyConfig(undefined))).outDir);
  const measured = metricsByStep((await run(tinyConfig({ ...BAND, weight: 0, every: 2 }))).outDir);
  const weighted = metricsByStep((await run(tinyConfig({ ...BAND, weight: 3, every: 2 }))).outDir);

  for (const steps of [measured, weighted]) {
    for (const [step, metrics] of steps) {
      const recorded = METRICS.filter((m) => m in metrics);
      assert.deepEqual(recorded, step > 0 && step % 2 === 0 ? METRICS : [], `step ${step}`);
      if (!recorded.length) continue;
      const m = (name: string) => metrics[`jacobian-clamp/${name}`];
      assert.ok(m('qMin') <= m('qMean') && m('qMean') <= m('qMax') && m('qMin') > 0, `step ${step}: Q ${m('qMin')} ${m('qMean')} ${m('qMax')}`);
      assert.ok(m('penalty') > 0 && m('fractionAboveMax') > 0 && m('fractionAboveMax') <= 1 && m('fractionBelowMin') >= 0);
    }
  }
  // Step 1 skips the plugin and step 2 starts from the same models, data and latents in all three
  // runs: the losses agree except for the weighted penalty, which both plugin runs measure alike.
  for (const step of [1, 2]) {
    assert.equal(measured.get(step)!['loss/d'], baseline.get(step)!['loss/d']);
    assert.equal(measured.get(step)!['loss/g'], baseline.get(step)!['loss/g']);
    assert.equal(weighted.get(step)!['loss/d'], baseline.get(step)!['loss/d']);
  }
  const penalty = measured.get(2)!['jacobian-clamp/penalty'];
  assert.equal(weighted.get(2)!['jacobian-clamp/penalty'], penalty);
  const expected = baseline.get(2)!['loss/g'] + 3 * penalty;
  assert.ok(Math.abs(weighted.get(2)!['loss/g'] - expected) < 1e-5 * expected, `loss/g ${weighted.get(2)!['loss/g']} vs ${expected}`);
  assert.notEqual(weighted.get(4)!['loss/g'], measured.get(4)!['loss/g'], 'the penalty changed the generator update');
});

test('a run stopped and resumed records exactly the metrics of an uninterrupted run, with no tensor left behind', async () => {
  const config = tinyConfig({ ...BAND, every: 2 }, { steps: 6, checkpointEvery: 3 });
  const counts: number[] = [];
  const full = await run(config, {
    onTrainer: (trainer) => trainer.hooks.afterStep.tapPromise('count', async () => void counts.push(tf.memory().numTensors)),
  });
  // Adam creates its slots in the first update; from then on nothing may accumulate.
  assert.deepEqual(counts.slice(1), counts.slice(1).map(() => counts[1]), `tensor counts ${counts}`);
  const part = await run(config, { onTrainer: stopAfter(3) });
  assert.equal(part.summary.status, 'interrupted');
  assert.equal((await resume(part.outDir)).status, 'completed');
  assert.deepEqual([...metricsByStep(part.outDir)], [...metricsByStep(full.outDir)]);
});
