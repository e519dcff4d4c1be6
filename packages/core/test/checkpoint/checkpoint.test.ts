import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { CheckpointStore } from '../../src/checkpoint/CheckpointStore';
import { type CheckpointData, decodeCheckpoint, encodeCheckpoint } from '../../src/checkpoint/checkpointFormat';
import { UserError } from '../../src/errors/UserError';
import { tempDir } from '../helpers/tempDir';

function randomCheckpoint(step: number, floats = 1000): CheckpointData {
  const values = Float32Array.from({ length: floats }, () => Math.random() * 2 - 1);
  return {
    step,
    state: { random: { s: [Math.random()] }, plugins: { p: { nested: [1, 'two', null] } } },
    tensors: [
      { key: 'generator/0', shape: [floats / 10, 10], dtype: 'float32', values },
      { key: 'gOptimizer/0', shape: [], dtype: 'int32', values: Int32Array.of(step) },
    ],
  };
}

test('a checkpoint round-trips exactly', () => {
  const data = randomCheckpoint(12);
  const decoded = decodeCheckpoint(Buffer.concat(encodeCheckpoint(data)), 'mem');
  assert.equal(decoded.step, 12);
  assert.deepEqual(decoded.state, data.state);
  assert.deepEqual(decoded.tensors.map((t) => [t.key, t.shape, t.dtype]), data.tensors.map((t) => [t.key, t.shape, t.dtype]));
  assert.deepEqual(Array.from(decoded.tensors[0].values), Array.from(data.tensors[0].values));
  assert.deepEqual(Array.from(decoded.tensors[1].values), [12]);
});

test('damaged checkpoints are detected, and loadLatest falls back to the previous one', () => {
  const dir = tempDir();
  const store = new CheckpointStore(dir, 5);
  store.save(randomCheckpoint(1));
  const newest = store.save(randomCheckpoint(2));
  const bytes = fs.readFileSync(newest);
  for (const damaged of [bytes.subarray(0, bytes.length - 8), Buffer.concat([bytes, Buffer.from([1])]), Buffer.from('not a checkpoint')]) {
    assert.throws(() => decodeCheckpoint(damaged, newest), (e: Error) => e instanceof UserError && e.message.includes(newest));
  }
  const flipped = Buffer.from(bytes);
  flipped[flipped.length - 3] ^= 0xff;
  assert.throws(() => decodeCheckpoint(flipped, newest), /checksum mismatch/);
  fs.writeFileSync(newest, flipped);
  const warnings: string[] = [];
  const latest = store.loadLatest({ info: () => {}, warn: (m) => warnings.push(m) });
  assert.equal(latest?.step, 1);
  assert.match(warnings[0], /checksum mismatch; trying an older checkpoint/);
});

test('only the newest `keep` checkpoints are kept', () => {
  const dir = tempDir();
  const store = new CheckpointStore(dir, 2);
  for (const step of [3, 6, 9, 12]) store.save(randomCheckpoint(step));
  assert.deepEqual(store.list().map((c) => c.step), [12, 9]);
});

test('a writer killed mid-write leaves the previous checkpoint readable and no torn file', async () => {
  const dir = tempDir();
  const store = new CheckpointStore(dir, 5);
  const previous = randomCheckpoint(5);
  store.save(previous);
  // A child process writes a large step-10 checkpoint through the same code; kill it mid-write.
  const storeModule = path.resolve(__dirname, '../../src/checkpoint/CheckpointStore.js');
  const script = `
    const { CheckpointStore } = require(${JSON.stringify(storeModule)});
    const values = new Float32Array(100_000_000).fill(0.5);
    new CheckpointStore(${JSON.stringify(dir)}, 5).save({ step: 10, state: {}, tensors: [{ key: 'g/0', shape: [values.length], dtype: 'float32', values }] });
    process.stdout.write('finished\\n');`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve) => {
    const poll = setInterval(() => {
      const tmp = fs.readdirSync(dir).find((f) => f.endsWith('.tmp'));
      if (tmp && fs.statSync(path.join(dir, tmp)).size > 1_000_000) {
        clearInterval(poll);
        child.kill('SIGKILL');
        resolve();
      }
    }, 2);
    child.on('exit', () => {
      clearInterval(poll);
      resolve();
    });
  });
  if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
  assert.ok(!output.includes('finished'), 'the writer was killed before it finished');
  assert.deepEqual(store.list().map((c) => c.step), [5], 'no step-10 file under its final name');
  const latest = store.loadLatest();
  assert.equal(latest?.step, 5);
  assert.deepEqual(Array.from(latest!.tensors[0].values), Array.from(previous.tensors[0].values));
});
