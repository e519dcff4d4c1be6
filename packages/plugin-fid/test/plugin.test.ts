import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { readMetrics, silentLogger, startRun, validateConfig, type JsonValue } from '@gancond/core';
import { fidOptionsSchema } from '../src/options';
import { tempDir } from './helpers';

const PLUGIN = path.resolve(__dirname, '..', 'src', 'index.js');

function tinyRunConfig(pluginOptions: JsonValue) {
  return validateConfig({
    name: 'fid-test',
    seed: 3,
    backend: 'wasm',
    data: { dataset: 'mnist', limit: 512 },
    model: { width: 8, latentDim: 8 },
    training: { steps: 6, batchSize: 16, evalEvery: 0, checkpointEvery: 6, sampleEvery: 0 },
    plugins: [{ use: PLUGIN, options: pluginOptions }],
  });
}

describe('fid plugin in a real MNIST run', () => {
  it('records fid/fid (and KID) at step 0, every `every` steps and at the end, with a cached reference', async () => {
    const cacheDir = tempDir();
    const outDir = path.join(tempDir(), 'run');
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (m: string) => warnings.push(m) };
    const options = { every: 4, samples: 300, batchSize: 150, cacheDir, kid: true, kidSubsets: 3, kidSubsetSize: 100 };
    await startRun(tinyRunConfig(options), { outDir, logger });
    const metrics = readMetrics(path.join(outDir, 'metrics.jsonl'));
    const fid = metrics.filter((m) => m.name === 'fid/fid');
    // evalEvery 0 evaluates at step 0 and at the end (6) only; every 4 asks the trainer for step 4 too.
    assert.deepEqual(fid.map((m) => m.step), [0, 4, 6]);
    for (const m of fid) assert.ok(Number.isFinite(m.value) && m.value > 0, `fid ${m.value}`);
    assert.deepEqual(metrics.filter((m) => m.name === 'fid/kidMean').map((m) => m.step), [0, 4, 6]);
    assert.deepEqual(fs.readdirSync(cacheDir).sort(), ['mnist-test-mnist-classifier-n300.features.npy', 'mnist-test-mnist-classifier-n300.npz']);
    // 300 samples of 128-dimensional features is fine; no warning about N.
    assert.deepEqual(warnings.filter((w) => /fid:/.test(w)), []);
  });

  it('warns when N is not larger than the feature dimension', async () => {
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (m: string) => warnings.push(m) };
    const config = validateConfig({ ...tinyRunConfig({ samples: 100, every: 100, cacheDir: tempDir() }), training: { steps: 1, batchSize: 16, evalEvery: 0, checkpointEvery: 0, sampleEvery: 0 } });
    await startRun(config, { outDir: path.join(tempDir(), 'run'), logger });
    assert.ok(warnings.some((w) => /N = 100 feature vectors is not larger than the feature dimension 128/.test(w)), warnings.join('\n'));
  });

  it('validates its options and fails the run clearly on an unknown extractor', async () => {
    assert.deepEqual(fidOptionsSchema.parse({}), {
      samples: 10000,
      extractor: 'mnist-classifier',
      extractorOptions: {},
      referenceSplit: 'test',
      batchSize: 250,
      kid: false,
      kidSubsets: 100,
      kidSubsetSize: 1000,
    });
    assert.throws(() => fidOptionsSchema.parse({ samples: 1 }));
    assert.throws(() => fidOptionsSchema.parse({ referenceSplit: 'validation' }));
    await assert.rejects(
      startRun(tinyRunConfig({ extractor: 'no-such-net', samples: 20 }), { outDir: path.join(tempDir(), 'run'), logger: silentLogger }),
      (e: Error) => e.name === 'UserError' && /unknown feature extractor "no-such-net"/.test(e.message),
    );
  });
});
