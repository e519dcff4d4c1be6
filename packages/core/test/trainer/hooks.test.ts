import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { definePlugin } from '../../src/plugin/definePlugin';
import { tapEvaluation } from '../../src/plugin/tapEvaluation';
import type { Trainer } from '../../src/trainer/Trainer';
import { z } from 'zod';
import { runTiny, tinyConfig } from '../helpers/tinyExperiment';

/** A plugin that records the order in which the hooks fire and what they receive. */
function recordingPlugin(events: string[]) {
  return (trainer: Trainer) => {
    const h = trainer.hooks;
    const name = 'recorder';
    h.setup.tapPromise(name, async (c) => void events.push(`setup resuming=${c.resuming}`));
    h.beforeStep.tap(name, (c) => void events.push(`beforeStep ${c.step}`));
    h.discriminatorLoss.tap(name, (loss, c) => {
      assert.equal(loss.rank, 0);
      assert.deepEqual(c.real.shape, [16, 28, 28, 1]);
      assert.deepEqual(c.fakeLogits.shape, [16, 1]);
      events.push(`dLoss ${c.step}.${c.dStep}`);
      return loss;
    });
    h.generatorLoss.tap(name, (loss, c) => {
      assert.deepEqual(c.z.shape, [16, 8]);
      assert.deepEqual(c.fake.shape, [16, 28, 28, 1]);
      events.push(`gLoss ${c.step}`);
      return undefined as unknown as tf.Scalar; // waterfall: undefined passes the loss on unchanged
    });
    h.afterStep.tapPromise(name, async (c) => {
      assert.ok(Number.isFinite(c.dLoss) && Number.isFinite(c.gLoss));
      assert.equal(c.metrics['loss/d'], c.dLoss);
      events.push(`afterStep ${c.step}`);
    });
    h.evaluate.tapPromise(name, async (c) => {
      c.record('recorder/evaluated', c.step);
      events.push(`evaluate ${c.step} ${c.reason}`);
    });
    h.saveCheckpoint.tapPromise(name, async (c) => {
      c.set(name, { step: c.step });
      events.push(`saveCheckpoint ${c.step}`);
    });
    h.done.tapPromise(name, async (c) => {
      assert.equal(c.finalMetrics['recorder/evaluated'], 4);
      events.push(`done ${c.step}`);
    });
  };
}

test('hooks fire in the documented order with the documented arguments', async () => {
  const events: string[] = [];
  const config = tinyConfig({ training: { steps: 4, dStepsPerGStep: 2, evalEvery: 2, checkpointEvery: 0 } });
  const { summary } = await runTiny(config, { onTrainer: recordingPlugin(events) });
  assert.equal(summary.status, 'completed');
  const step = (s: number) => [`beforeStep ${s}`, `dLoss ${s}.0`, `dLoss ${s}.1`, `gLoss ${s}`, `afterStep ${s}`];
  assert.deepEqual(events, [
    'setup resuming=false',
    'evaluate 0 start',
    ...step(1),
    ...step(2),
    'evaluate 2 schedule',
    ...step(3),
    ...step(4),
    'evaluate 4 end',
    'saveCheckpoint 4',
    'done 4',
  ]);
  assert.ok(summary.pluginTime.recorder.calls > 0, 'per-plugin time is measured by the interceptor');
});

test('a loss tap adds its term to the loss the optimizer sees and its records become metrics', async () => {
  const config = tinyConfig({ training: { steps: 2 } });
  const { summary } = await runTiny(config, {
    onTrainer: (trainer) =>
      trainer.hooks.generatorLoss.tap('plus-ten', (loss, c) => {
        c.record('plus-ten/term', tf.scalar(10));
        return tf.add(loss, 10) as tf.Scalar;
      }),
  });
  assert.equal(summary.finalMetrics['plus-ten/term'], 10);
  assert.ok(summary.finalMetrics['loss/g'] > 10, `loss/g ${summary.finalMetrics['loss/g']} includes the added 10`);
});

test('a loss tap returning a non-scalar is reported as such', async () => {
  const config = tinyConfig({ training: { steps: 1 } });
  await assert.rejects(
    runTiny(config, { onTrainer: (t) => t.hooks.discriminatorLoss.tap('bad', (_loss, c) => c.realLogits as unknown as tf.Scalar) }),
    /discriminatorLoss hook returned a tensor of shape \[16,1\], expected a scalar/,
  );
});

test('definePlugin keeps the schema-typed options', () => {
  const plugin = definePlugin({ name: 'p', options: z.object({ k: z.number().default(2) }), apply: () => {} });
  assert.deepEqual(plugin.options.parse({}), { k: 2 });
});

test('tapEvaluation: without every it follows the run evaluations; every N adds its own steps', async () => {
  const seen: Record<string, number[]> = { default: [], every2: [], every5: [] };
  const config = tinyConfig({ training: { steps: 7, evalEvery: 3, checkpointEvery: 0 } });
  await runTiny(config, {
    onTrainer: (trainer) => {
      tapEvaluation(trainer, 'default', undefined, async (c) => void seen.default.push(c.step));
      tapEvaluation(trainer, 'every2', 2, async (c) => void seen.every2.push(c.step));
      tapEvaluation(trainer, 'every5', 5, async (c) => void seen.every5.push(c.step));
    },
  });
  // The trainer evaluates at 0, 2, 3, 4, 5, 6, 7 (evalEvery 3, every 2, every 5, the end).
  assert.deepEqual(seen.default, [0, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(seen.every2, [0, 2, 4, 6, 7]);
  assert.deepEqual(seen.every5, [0, 5, 7]);
});
