import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { selectBackend } from '../../src/backend/selectBackend';
import { benchSettings } from '../../src/bench/BenchSettings';
import { median } from '../../src/bench/median';
import { runBenchmark } from '../../src/bench/runBenchmark';
import { UserError } from '../../src/errors/UserError';

/** The reference architectures, shrunk so a step takes milliseconds. */
const tiny = { backend: 'wasm', width: 8, latentDim: 8, batch: 16 } as const;

test('runBenchmark times real steps, drops warm-up, profiles one step by kernel and sees flat memory', async () => {
  await selectBackend('wasm');
  const tensorsBefore = tf.memory().numTensors;
  const result = await runBenchmark({ ...tiny, steps: 5, warmup: 2 });
  assert.equal(tf.memory().numTensors, tensorsBefore, 'the benchmark run leaves no tensors behind');

  assert.equal(result.backend.name, 'wasm');
  assert.match(result.data, /real MNIST/);
  assert.equal(result.stepMs.length, 5);
  for (const ms of result.stepMs) assert.ok(Number.isFinite(ms) && ms > 0, `step time ${ms}`);
  assert.equal(result.msPerStep, median(result.stepMs));

  const profile = result.profile!;
  assert.equal(profile.step, 2 + 5 + 1, 'the extra step after the timed ones');
  assert.ok(profile.kernelMs > 0 && profile.stepMs > 0);
  const shareSum = profile.kernels.reduce((s, k) => s + k.share, 0);
  assert.ok(Math.abs(shareSum - 1) < 1e-9, `shares sum to ${shareSum}`);
  const msSum = profile.kernels.reduce((s, k) => s + k.ms, 0);
  assert.ok(Math.abs(msSum - profile.kernelMs) < 1e-6);
  for (let i = 1; i < profile.kernels.length; i++) assert.ok(profile.kernels[i - 1].ms >= profile.kernels[i].ms, 'sorted');
  const names = profile.kernels.map((k) => k.name);
  // D's convolutions (plain Conv2D under a tape), its weight gradients and G's transposed
  // convolutions must show up; op scopes must not.
  for (const kernel of [tf.Conv2DBackpropFilter, tf.Conv2DBackpropInput, tf.Conv2D]) assert.ok(names.includes(kernel), `${kernel} in ${names}`);
  for (const name of names) assert.ok(tf.getKernel(name, 'wasm'), `${name} is a wasm kernel, not an op scope`);
  // Two D updates' and one G update's Adam: every kernel ran at least once, many ran often.
  assert.ok(profile.kernels.every((k) => k.calls >= 1));

  assert.equal(result.memory.steps, 5);
  assert.ok(result.memory.tensors.flat, JSON.stringify(result.memory));
  assert.ok(result.memory.wasmHeapBytes?.flat, JSON.stringify(result.memory));
});

test('runBenchmark with Jacobian Clamping loads the plugin by package name and adds its kernels', async () => {
  const plain = await runBenchmark({ ...tiny, steps: 2, warmup: 1 });
  const clamped = await runBenchmark({ ...tiny, steps: 2, warmup: 1, jc: true });
  assert.equal(clamped.settings.jc, true);
  assert.ok(clamped.memory.tensors.flat);
  const calls = (r: typeof plain) => r.profile!.kernels.reduce((s, k) => s + k.calls, 0);
  // One extra generator forward and backward on z', plus the penalty: strictly more kernel calls.
  assert.ok(calls(clamped) > calls(plain), `${calls(clamped)} > ${calls(plain)}`);
});

test('runBenchmark runs the CIFAR-shaped model on synthetic images in the CIFAR-10 format', async () => {
  const result = await runBenchmark({ ...tiny, model: 'dcgan-cifar', batch: 8, steps: 2, warmup: 1, profile: false });
  assert.match(result.data, /synthetic/);
  assert.equal(result.profile, null);
  assert.equal(result.stepMs.length, 2);
  assert.ok(result.memory.tensors.flat);
});

test('tensor count and wasm heap stay flat over 200 steps', async () => {
  const result = await runBenchmark({ ...tiny, steps: 200, warmup: 3, profile: false });
  assert.equal(result.memory.steps, 200);
  assert.ok(result.memory.tensors.flat, JSON.stringify(result.memory.tensors));
  assert.ok(result.memory.wasmHeapBytes?.flat, JSON.stringify(result.memory.wasmHeapBytes));
});

test('bad benchmark settings are UserErrors naming the setting and the value', () => {
  const cases: [object, RegExp][] = [
    [{ batch: 0 }, /batch: got 0, expected an integer >= 1/],
    [{ steps: 2.5 }, /steps: got 2.5, expected an integer >= 1/],
    [{ warmup: -1 }, /warmup: got -1, expected an integer >= 0/],
    [{ model: 'dcgan-imagenet' }, /model: got "dcgan-imagenet", expected one of dcgan-mnist, dcgan-cifar/],
  ];
  for (const [options, pattern] of cases) {
    assert.throws(() => benchSettings(options), (e: unknown) => e instanceof UserError && pattern.test(e.message));
  }
});
