import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import * as tf from '@tensorflow/tfjs-core';
import { UserError } from '../../src/errors/UserError';
import { loadLayersModelFile } from '../../src/io/layersModelFiles';
import { loadRunGenerator } from '../../src/run/loadRunGenerator';
import { tempDir } from '../helpers/tempDir';
import { runTiny, tinyConfig } from '../helpers/tinyExperiment';

test('a finished run exports its generator and both loaders give the trained generator back', async () => {
  const { outDir } = await runTiny(tinyConfig({ training: { steps: 4, checkpointEvery: 2 } }));
  const z = tf.randomNormal([5, 8], 0, 1, 'float32', 3);
  const fromRun = await loadRunGenerator(outDir);
  assert.equal(fromRun.step, 4);
  assert.deepEqual(fromRun.imageShape, [28, 28, 1]);
  const fromCheckpoint = await loadRunGenerator(path.join(outDir, 'checkpoints', 'step-00000002.ckpt'));
  assert.equal(fromCheckpoint.step, 2);
  const exported = await loadLayersModelFile(path.join(outDir, 'generator', 'model.json'));
  const a = (fromRun.generator.predict(z) as tf.Tensor).dataSync();
  const b = (exported.predict(z) as tf.Tensor).dataSync();
  const c = (fromCheckpoint.generator.predict(z) as tf.Tensor).dataSync();
  assert.equal(a.length, 5 * 28 * 28);
  assert.deepEqual(Array.from(a), Array.from(b));
  assert.notDeepEqual(Array.from(a), Array.from(c), 'the step-2 checkpoint holds other weights');
});

test('bad targets are user errors naming the path', async () => {
  const dir = tempDir();
  await assert.rejects(loadRunGenerator(path.join(dir, 'missing')), (e: Error) => e instanceof UserError && /missing: no such run/.test(e.message));
  await assert.rejects(loadRunGenerator(dir), /not a gancond run directory/);
  fs.writeFileSync(path.join(dir, 'model.json'), '{"modelTopology": 1}');
  await assert.rejects(loadLayersModelFile(path.join(dir, 'model.json')), /not a tfjs model.json/);
  fs.writeFileSync(path.join(dir, 'model.json'), '{"modelTopology": {}, "weightsManifest": [{"paths": ["w.bin"], "weights": []}]}');
  await assert.rejects(loadLayersModelFile(path.join(dir, 'model.json')), /w\.bin is missing/);
});
