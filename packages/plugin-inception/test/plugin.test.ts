import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { readMetrics, silentLogger, startRun, type JsonValue } from '@gancond/core';
import { inceptionOptionsSchema } from '../src/options';
import { tempDir, tinyMnistConfig } from './helpers';

const PLUGIN = path.resolve(__dirname, '..', 'src', 'index.js');

function tinyRunConfig(pluginOptions: JsonValue) {
  return tinyMnistConfig({
    name: 'inception-test',
    seed: 3,
    limit: 512,
    training: { steps: 6, batchSize: 16, evalEvery: 0, checkpointEvery: 6, sampleEvery: 0 },
    plugins: [{ use: PLUGIN, options: pluginOptions }],
  });
}

describe('inception plugin in a real MNIST run', () => {
  it('records inception/scoreMean and scoreStd at step 0, every `every` steps and at the end', async (t) => {
    const outDir = path.join(tempDir(t), 'run');
    await startRun(tinyRunConfig({ every: 4, samples: 200, splits: 5, batchSize: 100 }), { outDir, logger: silentLogger });
    const metrics = readMetrics(path.join(outDir, 'metrics.jsonl'));
    const means = metrics.filter((m) => m.name === 'inception/scoreMean');
    const stds = metrics.filter((m) => m.name === 'inception/scoreStd');
    // evalEvery 0 evaluates at step 0 and at the end (6) only; every 4 asks the trainer for step 4 too.
    assert.deepEqual(means.map((m) => m.step), [0, 4, 6]);
    assert.deepEqual(stds.map((m) => m.step), [0, 4, 6]);
    for (const m of means) assert.ok(m.value >= 1 && m.value <= 10, `IS ${m.value} outside [1, number of classes]`);
    for (const s of stds) assert.ok(s.value >= 0 && Number.isFinite(s.value));
  });

  it('validates its options', () => {
    assert.deepEqual(inceptionOptionsSchema.parse({}), {
      samples: 10000,
      splits: 10,
      extractor: 'mnist-classifier',
      extractorOptions: {},
      batchSize: 250,
    });
    assert.throws(() => inceptionOptionsSchema.parse({ samples: 5, splits: 10 }), /samples must be at least splits/);
    assert.throws(() => inceptionOptionsSchema.parse({ splits: 0 }));
    assert.throws(() => inceptionOptionsSchema.parse({ split: 10 }), /split/);
  });

  it('fails the run with a clear error when the extractor is unknown', async (t) => {
    const outDir = path.join(tempDir(t), 'run');
    await assert.rejects(
      startRun(tinyRunConfig({ extractor: 'inception-v3-missing', samples: 20, splits: 2 }), { outDir, logger: silentLogger }),
      (e: Error) => e.name === 'UserError' && /unknown feature extractor "inception-v3-missing".*mnist-classifier/.test(e.message),
    );
  });
});
