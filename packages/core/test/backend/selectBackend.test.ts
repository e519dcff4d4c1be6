import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { selectBackend } from '../../src/backend/selectBackend';
import { registerWasmTrainingKernels } from '../../src/backend/wasm/registerWasmTrainingKernels';
import { UserError } from '../../src/errors/UserError';
import { INIT_ERROR, LOAD_ERROR, makeFakeNativeDir } from './fakeNativePackages';

describe('selectBackend', () => {
  it('auto picks wasm when no native package is installed, never cpu, and says why', async () => {
    const info = await selectBackend('auto', { resolveFrom: makeFakeNativeDir({}) });
    assert.equal(info.name, 'wasm');
    assert.notEqual(info.name, 'cpu');
    assert.equal(info.tfjsBackend, 'wasm');
    assert.equal(tf.getBackend(), 'wasm');
    assert.equal(info.version, version_wasm);
    assert.deepEqual(
      info.passedOver.map((p) => p.name),
      ['tensorflow-gpu', 'tensorflow'],
    );
    assert.match(info.passedOver[0].reason, /@tensorflow\/tfjs-node-gpu is not installed/);
    assert.match(info.passedOver[1].reason, /@tensorflow\/tfjs-node is not installed/);
    assert.match(info.reason, /auto/);
    // the training kernels are in place: conv layers can train on wasm
    assert.ok(tf.getKernel(tf.Conv2DBackpropFilter, 'wasm'));
  });

  it('auto prefers tfjs-node-gpu over tfjs-node', async () => {
    const dir = makeFakeNativeDir({ '@tensorflow/tfjs-node-gpu': 'works', '@tensorflow/tfjs-node': 'works' });
    const info = await selectBackend('auto', { resolveFrom: dir });
    assert.equal(info.name, 'tensorflow-gpu');
    assert.equal(info.tfjsBackend, 'tensorflow');
    assert.equal(tf.getBackend(), 'tensorflow');
    assert.equal(info.version, '4.22.0-fake-gpu');
    assert.deepEqual(info.passedOver, []);
    assert.equal(tf.tidy(() => tf.add(tf.scalar(1), tf.scalar(2)).dataSync()[0]), 3);
  });

  it('auto falls back to tfjs-node when tfjs-node-gpu is installed but fails to load, recording the error', async () => {
    const dir = makeFakeNativeDir({ '@tensorflow/tfjs-node-gpu': 'throws-on-load', '@tensorflow/tfjs-node': 'works' });
    const info = await selectBackend('auto', { resolveFrom: dir });
    assert.equal(info.name, 'tensorflow');
    assert.equal(info.version, '4.22.0-fake-cpu');
    assert.equal(info.passedOver.length, 1);
    assert.equal(info.passedOver[0].name, 'tensorflow-gpu');
    assert.match(info.passedOver[0].reason, /installed but failed to load/);
    assert.ok(info.passedOver[0].reason.includes(LOAD_ERROR));
  });

  it('auto records a native backend that loads but fails to initialise, and one that registers nothing', async () => {
    const dir = makeFakeNativeDir({ '@tensorflow/tfjs-node-gpu': 'init-fails', '@tensorflow/tfjs-node': 'registers-nothing' });
    const info = await selectBackend('auto', { resolveFrom: dir });
    assert.equal(info.name, 'wasm');
    assert.ok(info.passedOver[0].reason.includes(INIT_ERROR), info.passedOver[0].reason);
    assert.match(info.passedOver[1].reason, /registered no 'tensorflow' backend/);
  });

  it('an explicit request that cannot load throws a UserError naming backend, package and error', async () => {
    await assert.rejects(selectBackend('tensorflow', { resolveFrom: makeFakeNativeDir({}) }), (err: unknown) => {
      assert.ok(err instanceof UserError);
      assert.match(err.message, /'tensorflow'/);
      assert.match(err.message, /npm install @tensorflow\/tfjs-node@4\.22\.0/);
      assert.match(err.message, /not installed/);
      return true;
    });
    const dir = makeFakeNativeDir({ '@tensorflow/tfjs-node-gpu': 'throws-on-load', '@tensorflow/tfjs-node': 'works' });
    await assert.rejects(selectBackend('tensorflow-gpu', { resolveFrom: dir }), (err: unknown) => {
      assert.ok(err instanceof UserError);
      assert.match(err.message, /'tensorflow-gpu'/);
      assert.match(err.message, /@tensorflow\/tfjs-node-gpu/);
      assert.ok(err.message.includes(LOAD_ERROR));
      return true;
    });
    // no silent fallback: the failed request did not switch to another backend
    assert.notEqual(tf.getBackend(), 'cpu');
  });

  it('explicit wasm and cpu requests are honoured', async () => {
    const cpu = await selectBackend('cpu');
    assert.equal(cpu.name, 'cpu');
    assert.equal(tf.getBackend(), 'cpu');
    assert.equal(cpu.reason, 'requested explicitly');
    const wasm = await selectBackend('wasm');
    assert.equal(wasm.name, 'wasm');
    assert.equal(tf.getBackend(), 'wasm');
  });

  it('registerWasmTrainingKernels is idempotent', async () => {
    registerWasmTrainingKernels();
    const before = tf.getKernel(tf.Conv2DBackpropInput, 'wasm').kernelFunc;
    registerWasmTrainingKernels();
    assert.equal(tf.getKernel(tf.Conv2DBackpropInput, 'wasm').kernelFunc, before);
  });
});
