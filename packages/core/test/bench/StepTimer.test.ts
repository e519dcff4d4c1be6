import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { StepTimer } from '../../src/bench/StepTimer';
import { runTiny, tinyConfig } from '../helpers/tinyExperiment';

test('StepTimer spans each whole step from beforeStep to afterStep, plugins\' afterStep taps included', async () => {
  const pauseMs = 25 + Math.floor(Math.random() * 20);
  let timer: StepTimer | undefined;
  const stepTimes: number[] = [];
  await runTiny(tinyConfig({ backend: 'wasm', training: { steps: 4, evalEvery: 0, checkpointEvery: 0 } }), {
    onTrainer: (trainer) => {
      // A plugin that is slow after every step: its time belongs to the step.
      trainer.hooks.afterStep.tapPromise('slow-plugin', () => sleep(pauseMs));
      timer = new StepTimer(trainer);
      let started = 0;
      trainer.hooks.beforeStep.tap('reference', () => void (started = performance.now()));
      trainer.hooks.afterStep.tapPromise('reference', async () => void stepTimes.push(performance.now() - started));
    },
  });
  const timed = timer!.range(1, 4);
  for (const [i, ms] of timed.entries()) {
    assert.ok(ms >= pauseMs - 1, `step ${i + 1}: ${ms} ms includes the plugin's ${pauseMs} ms`);
    assert.ok(Math.abs(ms - stepTimes[i]) < 5, `step ${i + 1}: ${ms} vs reference ${stepTimes[i]}`);
  }
  assert.throws(() => timer!.range(4, 5), /step 5 was not timed/);
});
