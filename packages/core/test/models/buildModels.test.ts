import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { buildModels } from '../../src/models/buildModels';
import { UserError } from '../../src/errors/UserError';
import { RandomStream } from '../../src/random/RandomStreams';
import { selectBackend } from '../../src/backend/selectBackend';
import { validateConfig } from '../../src/config/loadConfig';
import { tempDir } from '../helpers/tempDir';
import { runTiny, tinyConfig } from '../helpers/tinyExperiment';

/** A custom model module: a dense generator and discriminator built with the context's tfl. */
const CUSTOM_MODELS = `
exports.buildModels = ({ latentDim, imageShape, tfl, nextSeed }) => {
  const [h, w, c] = imageShape;
  const init = () => tfl.initializers.glorotUniform({ seed: nextSeed() });
  const generator = tfl.sequential({ layers: [
    tfl.layers.dense({ inputShape: [latentDim], units: 32, activation: 'relu', kernelInitializer: init() }),
    tfl.layers.dense({ units: h * w * c, activation: 'tanh', kernelInitializer: init() }),
    tfl.layers.reshape({ targetShape: [h, w, c] }),
  ] });
  const discriminator = tfl.sequential({ layers: [
    tfl.layers.flatten({ inputShape: [h, w, c] }),
    tfl.layers.dense({ units: ${'${OUT}'}, kernelInitializer: init() }),
  ] });
  return { generator, discriminator };
};`;

function writeModule(dir: string, name: string, discriminatorUnits: number): string {
  fs.writeFileSync(path.join(dir, name), CUSTOM_MODELS.replace('${OUT}', String(discriminatorUnits)));
  return `./${name}`;
}

test('a config can name a module that builds custom models; they train', async () => {
  const dir = tempDir();
  const module = path.join(dir, writeModule(dir, 'dense-gan.js', 1));
  const { summary } = await runTiny(tinyConfig({ model: { architecture: 'module', module, latentDim: 8 }, training: { steps: 3 } }));
  assert.equal(summary.status, 'completed');
});

test('models whose shapes do not fit are rejected with the shapes named', async () => {
  await selectBackend('wasm');
  const dir = tempDir();
  const bad = writeModule(dir, 'two-logits.js', 2);
  const config = (extra: object) => validateConfig({ name: 'x', model: { latentDim: 8, ...extra } }).model;
  await assert.rejects(buildModels(config({ architecture: 'module', module: bad }), [28, 28, 1], new RandomStream('t'), dir), (e: Error) =>
    e instanceof UserError && /discriminator output is \[null,2\], expected \[null,1\]/.test(e.message));
  await assert.rejects(buildModels(config({ architecture: 'module' }), [28, 28, 1], new RandomStream('t'), dir), /model\.module: required/);
  await assert.rejects(buildModels(config({ architecture: 'dcgan-cifar' }), [28, 28, 1], new RandomStream('t'), dir), /"dcgan-cifar" makes 32x32 images, but the data is 28x28x1/);
  await assert.rejects(buildModels(config({ architecture: 'module', module: './none.js' }), [28, 28, 1], new RandomStream('t'), dir), /cannot find module "\.\/none\.js"/);
});

test('the CIFAR-shape DCGAN maps [batch, latent] to [batch, 32, 32, 3] and images to one logit', async () => {
  await selectBackend('wasm');
  const { generator, discriminator } = await buildModels(validateConfig({ name: 'x', model: { width: 8, latentDim: 16 } }).model, [32, 32, 3], new RandomStream('t'), '.');
  assert.deepEqual(generator.outputs[0].shape, [null, 32, 32, 3]);
  assert.deepEqual(discriminator.outputs[0].shape, [null, 1]);
  generator.dispose();
  discriminator.dispose();
});

test('every loss and the uniform prior train without error', async () => {
  for (const loss of ['minimax', 'hinge', 'wasserstein'] as const) {
    const { summary } = await runTiny(tinyConfig({ training: { steps: 2, loss } }));
    assert.equal(summary.status, 'completed', loss);
  }
  const { summary } = await runTiny(tinyConfig({ model: { latentPrior: 'uniform', width: 8, latentDim: 8 }, training: { steps: 2 } }));
  assert.equal(summary.status, 'completed');
});
