import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import * as tfl from '@tensorflow/tfjs-layers';
import { selectBackend, UserError } from '@gancond/core';
import { generatorShape, latentsJson, readLatentsFile } from '../src/index';
import { tempDir } from './helpers/tempDir';
import { testStream } from './helpers/randomModels';

before(async () => {
  await selectBackend('cpu');
});

test('readLatentsFile reads a JSON array of latent vectors; latentsJson round-trips float32 values exactly', () => {
  const dir = tempDir();
  const values = testStream('latents').fillNormal(3 * 5);
  const file = path.join(dir, 'z.json');
  fs.writeFileSync(file, latentsJson(values, 5));
  assert.deepEqual(readLatentsFile(file, 5), values);
});

test('readLatentsFile names the file and the problem', () => {
  const dir = tempDir();
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const cases: [string, RegExp][] = [
    [path.join(dir, 'missing.json'), /--z .*missing\.json: cannot read the file \(ENOENT\)/],
    [write('bad.json', '[[1, 2'), /--z .*bad\.json: not valid JSON/],
    [write('object.json', '{"z": [[1, 2, 3]]}'), /expected a non-empty JSON array of latent vectors/],
    [write('empty.json', '[]'), /expected a non-empty JSON array/],
    [write('strings.json', '[[1, 2, 3], ["a", 2, 3]]'), /entry 1 is not an array of finite numbers/],
    [write('dim.json', '[[1, 2, 3], [1, 2]]'), /latent vector 1 has 2 values, but the generator's latent dimension is 3/],
  ];
  for (const [file, pattern] of cases) {
    assert.throws(() => readLatentsFile(file, 3), (e: unknown) => e instanceof UserError && pattern.test(e.message), file);
  }
});

test('generatorShape accepts a latent-to-image model and rejects what is not a generator', () => {
  const generator = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [4], units: 12 }), tfl.layers.reshape({ targetShape: [2, 6, 1] })] });
  assert.deepEqual(generatorShape(generator, 'g'), { latentDim: 4, outputShape: [2, 6, 1], outputSize: 12 });

  const discriminator = tfl.sequential({ layers: [tfl.layers.flatten({ inputShape: [28, 28, 1] }), tfl.layers.dense({ units: 1 })] });
  assert.throws(() => generatorShape(discriminator, 'd.json'), /d\.json: not a generator: its input has shape \[batch, 28, 28, 1\], expected a latent batch \[batch, d\]/);

  const squeeze = tfl.sequential({ layers: [tfl.layers.dense({ inputShape: [8], units: 1 })] });
  assert.throws(() => generatorShape(squeeze, 's'), /s: not a generator: it maps 8 latent values to 1 output values/);

  const a = tfl.input({ shape: [3] });
  const twoOutputs = tfl.model({ inputs: a, outputs: [tfl.layers.dense({ units: 5 }).apply(a) as tfl.SymbolicTensor, tfl.layers.dense({ units: 5 }).apply(a) as tfl.SymbolicTensor] });
  assert.throws(() => generatorShape(twoOutputs, 't'), /t: not a generator: it has 1 inputs and 2 outputs/);
  for (const m of [generator, discriminator, squeeze, twoOutputs]) m.dispose();
});
