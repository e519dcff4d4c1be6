import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { loadPlugins, readMetrics, silentLogger, startRun, validateConfig, UserError } from '@gancond/core';

const PLUGIN = path.resolve(__dirname, '../src/index.js');
const dir = mkdtempSync(path.join(tmpdir(), 'gancond-orthogonal-'));
after(() => rmSync(dir, { recursive: true, force: true }));

async function run(name: string, weight: number) {
  const config = validateConfig({
    name,
    seed: 3,
    data: { dataset: 'mnist', limit: 512 },
    model: { width: 8, latentDim: 8 },
    training: { steps: 60, batchSize: 16, evalEvery: 0, checkpointEvery: 0, sampleEvery: 0 },
    plugins: [{ use: PLUGIN, options: { weight } }],
  });
  const summary = await startRun(config, { outDir: path.join(dir, name), logger: silentLogger });
  const series = readMetrics(path.join(dir, name, 'metrics.jsonl'))
    .filter((r) => r.name === 'orthogonal/offDiagonal')
    .map((r) => r.value);
  return { summary, series };
}

test('the penalty is recorded and pulls the generator kernels towards orthogonality', async () => {
  const control = await run('control', 0);
  const regularized = await run('orthogonal', 0.05);
  assert.equal(control.series.length, 60, 'recorded at every step, with weight 0 as well');
  // Same seed, same initial kernels: the first records agree, then the penalty pulls its run down.
  assert.ok(Math.abs(control.series[0] - regularized.series[0]) < 1e-3 * control.series[0]);
  const last = (s: number[]) => s[s.length - 1];
  assert.ok(last(regularized.series) < 0.8 * regularized.series[0], `from ${regularized.series[0]} to ${last(regularized.series)}`);
  assert.ok(last(regularized.series) < 0.8 * last(control.series), `${last(regularized.series)} with the penalty vs ${last(control.series)} without`);
  assert.ok(regularized.summary.pluginTime.orthogonal.calls >= 60);
});

test('bad options are rejected naming the field', async () => {
  await assert.rejects(loadPlugins([{ use: PLUGIN, options: { weight: -1 } }], dir), (e: Error) => e instanceof UserError && /plugins\[0\]\.options\.weight: got -1/.test(e.message));
  await assert.rejects(loadPlugins([{ use: PLUGIN, options: { wieght: 1 } }], dir), /unknown field "wieght"/);
});
