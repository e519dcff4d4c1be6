import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { loadConfig, validateConfig } from '../../src/config/loadConfig';
import { experimentJsonSchema } from '../../src/config/schema';
import { withAbsolutePaths } from '../../src/run/absolutePaths';
import { UserError } from '../../src/errors/UserError';
import { tempDir } from '../helpers/tempDir';

const MINIMAL = `name: mnist-jc
seed: 1
data:
  dataset: mnist
training:
  steps: 2000
  batchSize: 64
plugins:
  - use: "@gancond/plugin-jacobian-clamp"
    options: { lambdaMax: 20 }
`;

function writeConfig(text: string, name = 'exp.yaml'): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, text);
  return file;
}

test('the minimal config of the brief validates and gets every default', () => {
  const { config } = loadConfig(writeConfig(MINIMAL));
  assert.equal(config.backend, 'auto');
  assert.deepEqual(config.model, { architecture: 'auto', latentDim: 64, latentPrior: 'normal', width: 64 });
  assert.equal(config.training.loss, 'non-saturating');
  assert.equal(config.training.dStepsPerGStep, 1);
  assert.deepEqual(config.training.optimizers.generator, { learningRate: 2e-4, beta1: 0.5, beta2: 0.999, epsilon: 1e-8 });
  assert.deepEqual(config.plugins, [{ use: '@gancond/plugin-jacobian-clamp', options: { lambdaMax: 20 } }]);
});

test('JSON configs are read too', () => {
  const { config } = loadConfig(writeConfig(JSON.stringify({ name: 'j', training: { steps: 5 } }), 'exp.json'));
  assert.equal(config.training.steps, 5);
});

test('--set overrides fields with typed values, including inside lists', () => {
  const { config } = loadConfig(writeConfig(MINIMAL), [
    'training.steps=100',
    'training.optimizers.generator.learningRate=1e-3',
    'plugins[0].options.lambdaMax=10',
    'backend=cpu',
    'data={dataset: mnist, limit: 50}',
  ]);
  assert.equal(config.training.steps, 100);
  assert.equal(config.training.optimizers.generator.learningRate, 1e-3);
  assert.deepEqual(config.plugins[0].options, { lambdaMax: 10 });
  assert.equal(config.backend, 'cpu');
  assert.equal(config.data.limit, 50);
});

test('errors name the field, the value found and what was expected', () => {
  const cases: [unknown, RegExp][] = [
    [{ name: 'x', training: { batchSize: 'big' } }, /training\.batchSize: got "big"; .*expected number/],
    [{ name: 'x', training: { steps: -3 } }, /training\.steps: got -3; .*>0/],
    [{ name: 'x', training: { loss: 'lsgan' } }, /training\.loss: got "lsgan"; .*"non-saturating"\|"minimax"\|"hinge"\|"wasserstein"/],
    [{ name: 'x', trainig: {} }, /\(config\): unknown field "trainig"/],
    [{ name: 'x', plugins: [{ options: {} }] }, /plugins\[0\]\.use: missing/],
    [{ seed: 1 }, /name: missing/],
    [{ name: 'has space' }, /name: got "has space"/],
    [{ name: 'x', backend: 'gpu' }, /backend: got "gpu"/],
  ];
  for (const [raw, pattern] of cases) {
    assert.throws(() => validateConfig(raw), (e: Error) => e instanceof UserError && pattern.test(e.message), JSON.stringify(raw));
  }
});

test('unreadable files, bad YAML and bad --set are user errors', () => {
  assert.throws(() => loadConfig('/nonexistent/exp.yaml'), /cannot read config \/nonexistent\/exp\.yaml: ENOENT/);
  assert.throws(() => loadConfig(writeConfig('name: [unclosed')), (e: Error) => e instanceof UserError && /not valid YAML/.test(e.message));
  assert.throws(() => loadConfig(writeConfig('- a list')), /expected a mapping/);
  assert.throws(() => loadConfig(writeConfig(MINIMAL), ['training.steps']), /expected path=value/);
  assert.throws(() => loadConfig(writeConfig(MINIMAL), ['name.x=1']), /"name" is "mnist-jc", not an object/);
});

test('the JSON Schema describes the sections and their defaults', () => {
  const schema = experimentJsonSchema() as { properties: Record<string, { properties?: Record<string, { default?: unknown }> }>; required: string[] };
  assert.deepEqual(Object.keys(schema.properties).sort(), ['backend', 'data', 'model', 'name', 'nativeKernels', 'nativeThreads', 'plugins', 'seed', 'training', 'wasmThreads']);
  assert.deepEqual(schema.required, ['name']);
  assert.equal(schema.properties.training.properties?.batchSize.default, 64);
});

test('paths in a config are made absolute against its directory: data, model module, plugin paths and ./ option values', () => {
  const config = validateConfig({
    name: 'x',
    data: { dataset: 'cifar10', path: 'data/cifar' },
    model: { architecture: 'module', module: './models.js' },
    plugins: [
      { use: '@gancond/plugin-fid', options: { extractor: './inception/model.json', cacheDir: '../cache', samples: 5, other: 'mnist-classifier', nested: { file: './f.npz' } } },
      { use: '../plugins/mine.js' },
    ],
  });
  const resolved = withAbsolutePaths(config, '/experiments/a');
  assert.equal(resolved.data.path, '/experiments/a/data/cifar');
  assert.equal(resolved.model.module, '/experiments/a/models.js');
  assert.deepEqual(resolved.plugins[0], {
    use: '@gancond/plugin-fid',
    options: { extractor: '/experiments/a/inception/model.json', cacheDir: '/experiments/cache', samples: 5, other: 'mnist-classifier', nested: { file: '/experiments/a/f.npz' } },
  });
  assert.equal(resolved.plugins[1].use, '/experiments/plugins/mine.js');
});
