import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { FusedAdamOptimizer, ADAM_UPDATE } from '../../src/trainer/FusedAdamOptimizer';
import { randomValues, relativeError } from '../backend/compareBackends';
import { useNativeWasmKernels } from '../backend/useNativeWasmKernels';

const SHAPES = [[5, 5, 32, 64], [3136], [7, 3]];
const SETTINGS = [2e-4, 0.5, 0.999, 1e-7] as const;
/** What applyGradients takes (tfjs types the map's values as Variables; gradients are tensors). */
type Gradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];

/**
 * Runs `steps` Adam updates of fresh variables (same start values and gradients for every
 * call) and returns the variables' and the optimizer's weights as arrays, with accBeta1/2.
 * Gradients go in as a map on odd steps and as a list on even ones (tfjs takes both).
 */
async function train(optimizer: tf.AdamOptimizer, starts: Float32Array[], gradients: Float32Array[][]) {
  const variables = starts.map((values, i) => tf.variable(tf.tensor(values, SHAPES[i]), true, `adam-test-${i}-${Math.random()}`));
  gradients.forEach((step, t) => {
    const named = step.map((values, i) => ({ name: variables[i].name, tensor: tf.tensor(values, SHAPES[i]) }));
    optimizer.applyGradients(t % 2 ? named : (Object.fromEntries(named.map((n) => [n.name, n.tensor])) as Gradients));
    tf.dispose(named.map((n) => n.tensor));
  });
  const slots = await optimizer.getWeights();
  const internals = optimizer as unknown as { accBeta1: tf.Variable; accBeta2: tf.Variable };
  const result = {
    values: variables.map((v) => ({ values: v.dataSync() as Float32Array })),
    slots: slots.map((s) => ({ name: s.name.replace(/adam-test-(\d+)-[\d.]+/, 'v$1'), values: s.tensor.dataSync() as Float32Array })),
    accBeta: [internals.accBeta1.dataSync()[0], internals.accBeta2.dataSync()[0]],
  };
  slots[0].tensor.dispose();
  tf.dispose(variables);
  optimizer.dispose();
  return result;
}

function randomRun(steps: number) {
  const starts = SHAPES.map((s) => randomValues(s.reduce((a, b) => a * b)));
  const gradients = Array.from({ length: steps }, (_, t) => starts.map((s) => randomValues(s.length).map((g) => g * 10 ** -t)));
  return { starts, gradients };
}

describe('FusedAdamOptimizer with the native kernels', () => {
  useNativeWasmKernels();

  it('updates as tfjs Adam does: values, moment slots (names and order), bias-correction state', async () => {
    const { starts, gradients } = randomRun(4);
    const { kernelNames } = await tf.profile(async () => {
      await train(new FusedAdamOptimizer(...SETTINGS), starts, gradients.slice(0, 1));
    });
    assert.ok(kernelNames.includes(ADAM_UPDATE), kernelNames.join(', '));
    const got = await train(new FusedAdamOptimizer(...SETTINGS), starts, gradients);
    const want = await train(tf.train.adam(...SETTINGS), starts, gradients);
    assert.deepEqual(got.accBeta, want.accBeta);
    assert.deepEqual(got.slots.map((s) => s.name), want.slots.map((s) => s.name));
    got.slots.forEach((s, k) => assert.ok(relativeError(want.slots[k], s) < 1e-6, `${s.name}: relative error ${relativeError(want.slots[k], s)}`));
    got.values.forEach((v, k) => {
      // Compare what Adam moved (value - start): the step is ~1e-3 of the value.
      const moved = (r: { values: Float32Array }) => ({ values: r.values.map((x, j) => x - starts[k][j]) });
      const err = relativeError(moved(want.values[k]), moved(v));
      assert.ok(err < 1e-4, `variable ${k}: relative error of the update ${err}`);
    });
  });

  it('leaves no tensors behind', async () => {
    const optimizer = new FusedAdamOptimizer(...SETTINGS);
    const variable = tf.variable(tf.tensor(randomValues(1000)));
    const step = () => tf.tidy(() => optimizer.applyGradients({ [variable.name]: tf.tensor(randomValues(1000)) } as Gradients));
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    assert.equal(tf.memory().numTensors, before);
    variable.dispose();
    optimizer.dispose();
  });
});

describe('FusedAdamOptimizer without the kernel', () => {
  it('is tfjs Adam, bit for bit', async () => {
    await tf.setBackend('cpu');
    const { starts, gradients } = randomRun(3);
    const got = await train(new FusedAdamOptimizer(...SETTINGS), starts, gradients);
    const want = await train(tf.train.adam(...SETTINGS), starts, gradients);
    assert.deepEqual(got, want);
  });
});
