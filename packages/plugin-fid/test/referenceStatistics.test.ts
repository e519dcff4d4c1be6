import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { datasetImages, loadMnist, selectBackend } from '@gancond/core';
import { collectFeatures } from '../src/collectFeatures';
import { referenceStatistics } from '../src/referenceStatistics';
import { readStatisticsFile } from '../src/statisticsFiles';
import { batchStatistics, linearExtractor, tempDir } from './helpers';

test('reference statistics are computed once, cached by dataset, split, extractor and N, and equal batch statistics', async () => {
  await selectBackend('wasm');
  const cacheDir = tempDir();
  const extractor = linearExtractor(6);
  const warnings: string[] = [];
  const logger = { info: () => {}, warn: (m: string) => warnings.push(m) };
  const request = { dataset: 'mnist' as const, split: 'test' as const, extractor, samples: 300, batchSize: 128, cacheDir, logger };
  const tensorsBefore = tf.memory().numTensors;

  const first = referenceStatistics(request);
  assert.equal(first.cached, false);
  assert.equal(extractor.imagesSeen, 300);
  assert.equal(path.basename(first.file), 'mnist-test-test-linear-n300.npz');
  assert.equal(first.stats.count, 300);

  const second = referenceStatistics(request);
  assert.equal(second.cached, true);
  assert.equal(extractor.imagesSeen, 300, 'the cache was used: no image went through the extractor');
  assert.deepEqual(second.stats.sigma, first.stats.sigma);

  // The reference equals the batch statistics of the same features.
  const data = loadMnist('test', { limit: 300 });
  const features = collectFeatures(extractor, datasetImages(data), 300, { keepFeatures: true }).features!;
  const batch = batchStatistics(features, 300, 6);
  for (let i = 0; i < 36; i++) assert.ok(Math.abs(first.stats.sigma[i] - batch.sigma[i]) < 1e-9 * Math.abs(batch.sigma[0]));

  // Another N, split or extractor is another entry.
  assert.equal(referenceStatistics({ ...request, samples: 200 }).cached, false);
  assert.equal(referenceStatistics({ ...request, split: 'train', samples: 200 }).cached, false);
  const other = linearExtractor(6, 'other');
  assert.equal(referenceStatistics({ ...request, extractor: other }).cached, false);
  other.dispose();
  assert.deepEqual(fs.readdirSync(cacheDir).sort(), [
    'mnist-test-other-n300.npz',
    'mnist-test-test-linear-n200.npz',
    'mnist-test-test-linear-n300.npz',
    'mnist-train-test-linear-n200.npz',
  ]);

  // With KID the features are cached beside the statistics.
  const withFeatures = referenceStatistics({ ...request, keepFeatures: true });
  assert.equal(withFeatures.cached, false, 'features were not cached before');
  assert.equal(withFeatures.features!.length, 300 * 6);
  assert.equal(referenceStatistics({ ...request, keepFeatures: true }).cached, true);

  // A corrupt cache entry is recomputed (with a warning) and rewritten.
  fs.writeFileSync(first.file, 'not a zip');
  const repaired = referenceStatistics(request);
  assert.equal(repaired.cached, false);
  assert.ok(warnings.some((w) => /ignoring the unreadable cache entry .*mnist-test-test-linear-n300.npz/.test(w)), warnings.join('\n'));
  assert.deepEqual(readStatisticsFile(first.file).sigma, first.stats.sigma);
  assert.equal(tf.memory().numTensors, tensorsBefore, 'no tensor leaks');
  extractor.dispose();
});
