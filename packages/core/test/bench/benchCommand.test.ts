import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { test } from 'node:test';

const CLI = path.resolve(__dirname, '../../src/cli/main.js');

function gancond(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('gancond bench prints ms/step, kernel shares, memory and a JSON line', () => {
  // The reference model at a small batch: one timed step, one profiled.
  const r = gancond(['bench', '--backend', 'wasm', '--batch', '4', '--steps', '1', '--warmup', '1']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.match(r.stdout, /model: dcgan-mnist \(width 64, latent 64\), data: real MNIST/);
  assert.match(r.stdout, /ms\/step: \d+\.\d \(median of 1;/);
  assert.match(r.stdout, /kernel time in the profiled step/);
  assert.match(r.stdout, /Conv2DBackpropFilter/);
  // @gancond/native-kernels is a workspace package, built by npm ci.
  assert.match(r.stdout, /heavy kernels: @gancond\/native-kernels \(\w+, \d+ threads?\)/);
  assert.match(r.stdout, /memory over the 1 timed steps: tensors \d+ -> \d+ \(flat\); wasm heap/);
  const json = JSON.parse(lines[lines.length - 1]);
  assert.deepEqual(Object.keys(json).slice(0, 6), ['backend', 'model', 'batch', 'jc', 'msPerStep', 'steps']);
  assert.deepEqual([json.backend, json.model, json.batch, json.jc, json.steps], ['wasm', 'dcgan-mnist', 4, false, 1]);
  assert.ok(json.msPerStep > 0);
});

test('gancond bench --json prints only the JSON line', () => {
  const r = gancond(['bench', '--backend', 'wasm', '--batch', '4', '--steps', '1', '--warmup', '0', '--no-profile', '--json']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  assert.equal(JSON.parse(lines[0]).kernels, null);
});

test('gancond bench --native off runs the XNNPACK kernels and says so', () => {
  const r = gancond(['bench', '--backend', 'wasm', '--batch', '4', '--steps', '1', '--warmup', '0', '--no-profile', '--native', 'off', '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).heavyKernels, 'XNNPACK (native kernels off in the config)');
});

test('gancond bench: bad arguments and unavailable backends exit 2 with a clear message', () => {
  const cases: [string[], RegExp][] = [
    [['bench', '--batch', '0'], /--batch <n>.*expected an integer >= 1/],
    [['bench', '--steps', 'many'], /--steps <n>.*expected an integer >= 1/],
    [['bench', '--model', 'dcgan-imagenet'], /--model <name>.*dcgan-mnist, dcgan-cifar/],
    [['bench', '--native', 'maybe'], /--native <mode>.*auto, off/],
    [['bench', '--native-threads', '0'], /--native-threads <n>.*expected an integer >= 1/],
    [['bench', '--backend', 'tensorflow'], /Backend 'tensorflow' was requested but could not be loaded: @tensorflow\/tfjs-node is not installed/],
  ];
  for (const [args, pattern] of cases) {
    const r = gancond(args);
    assert.equal(r.code, 2, `${args.join(' ')}: exit ${r.code}\n${r.stderr}`);
    assert.match(r.stderr, pattern, args.join(' '));
    assert.doesNotMatch(r.stderr, /\n\s+at /);
  }
});
