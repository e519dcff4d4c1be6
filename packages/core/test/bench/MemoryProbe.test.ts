import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { MemoryProbe } from '../../src/bench/MemoryProbe';
import { runTiny, tinyConfig } from '../helpers/tinyExperiment';

test('MemoryProbe reports a leak of one tensor per step as not flat, and a clean run as flat', async () => {
  const leaked: tf.Tensor[] = [];
  let leaky: MemoryProbe | undefined;
  await runTiny(tinyConfig({ backend: 'wasm' }), {
    onTrainer: (trainer) => {
      trainer.hooks.afterStep.tapPromise('leaker', async () => void leaked.push(tf.randomNormal([3])));
      leaky = new MemoryProbe(trainer);
    },
  });
  const trend = leaky!.trend(2, 6);
  assert.equal(trend.steps, 5);
  assert.equal(trend.tensors.last - trend.tensors.first, 4);
  assert.equal(trend.tensors.flat, false);
  assert.deepEqual(trend.tensors.changedAt, [3, 4, 5, 6]);
  tf.dispose(leaked);

  let clean: MemoryProbe | undefined;
  await runTiny(tinyConfig({ backend: 'wasm' }), { onTrainer: (trainer) => (clean = new MemoryProbe(trainer)) });
  const flat = clean!.trend(2, 6);
  assert.ok(flat.tensors.flat && flat.wasmHeapBytes?.flat, JSON.stringify(flat));
  assert.deepEqual(flat.tensors.changedAt, []);
  assert.ok(flat.wasmHeapBytes!.first > 0);
  assert.throws(() => clean!.trend(5, 7), /no memory sample for step 7/);
});
