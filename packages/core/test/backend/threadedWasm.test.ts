import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/tempDir';

const CLI = path.resolve(__dirname, '../../src/cli/main.js');

/** One CLI run in its own process (the thread count is fixed when wasm first starts). */
function run(dir: string, threads: number, env: NodeJS.ProcessEnv = process.env, label = `threads-${threads}`) {
  const out = path.join(dir, label);
  const r = spawnSync(process.execPath, [CLI, 'run', path.join(dir, 'exp.yaml'), '--out', out, '--set', `wasmThreads=${threads}`], { encoding: 'utf8', timeout: 120_000, env });
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
  const metrics = fs.readFileSync(path.join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => {
    const { step, name, value } = JSON.parse(l);
    return { step, name, value };
  });
  return { summary, metrics, stderr: r.stderr };
}

// Opt-in: the multi-threaded build is experimental (a rare early exit without results was seen once in CI).
const threadsSkip = process.env.GANCOND_TEST_THREADS === '1' ? false : 'experimental multi-threaded wasm; run with GANCOND_TEST_THREADS=1';

test('the multi-threaded wasm build starts in Node, lets the process exit, and trains to exactly the single-threaded numbers', { skip: threadsSkip }, () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'exp.yaml'), 'name: threads\nseed: 4\ndata: { limit: 256 }\nmodel: { width: 16, latentDim: 8 }\ntraining: { steps: 5, batchSize: 16, evalEvery: 0, checkpointEvery: 0, sampleEvery: 0 }\n');
  const single = run(dir, 1);
  const threaded = run(dir, 2);
  assert.equal(single.summary.backend.threads, 1);
  assert.equal(threaded.summary.backend.threads, 2);
  assert.equal(threaded.metrics.length, 10);
  // XNNPACK splits work by output tiles, each reduced in the same order: threads change no bit.
  assert.deepEqual(threaded.metrics, single.metrics);
});

test('when the multi-threaded build cannot start, the run trains single-threaded and says why', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'exp.yaml'), 'name: fallback\ndata: { limit: 256 }\nmodel: { width: 8, latentDim: 8 }\ntraining: { steps: 2, batchSize: 8, evalEvery: 0, checkpointEvery: 0, sampleEvery: 0 }\n');
  // The shims need a temporary directory for the worker scripts: take it away.
  const r = run(dir, 2, { ...process.env, TMPDIR: path.join(dir, 'missing') }, 'fallback');
  assert.equal(r.summary.status, 'completed');
  assert.equal(r.summary.backend.name, 'wasm');
  assert.equal(r.summary.backend.threads, 1);
  assert.match(r.summary.backend.warning, /multi-threaded build did not start \(ENOENT.*\); running single-threaded/);
  assert.match(r.stderr, /warning: backend: the multi-threaded build did not start/);
});
