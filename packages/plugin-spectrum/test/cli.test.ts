import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { before, test } from 'node:test';
import * as tfl from '@tensorflow/tfjs-layers';
import { saveLayersModel, selectBackend } from '@gancond/core';
import { latentsJson, PROBE_LATENTS_FILE, readSpectra, type SpectrumProbe } from '../src/index';
import { tempDir } from './helpers/tempDir';
import { run, tinyConfig } from './helpers/tinyRun';

/** The real `gancond` CLI, which finds this package as an installed plugin (workspace link). */
const CLI = require.resolve('@gancond/core/dist/src/cli/main.js');

function gancond(args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: __dirname, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

type CliJson = SpectrumProbe & { step: number | null; latentDim: number; outputShape: number[] };

function spectrumJson(args: string[]): CliJson {
  const r = gancond(['spectrum', ...args, '--json']);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as CliJson;
}

// Created at module level: a temporary directory made inside a hook would be removed when the hook ends.
const scratch = tempDir();
let outDir: string;
before(async () => {
  ({ outDir } = await run(tinyConfig({ samples: 6, keepSpectra: true }), {}, scratch));
});

test('gancond spectrum on a run directory, a checkpoint and a model.json; --z evaluates exactly at the given points', () => {
  // Default seed = the run's: the same points as the plugin's probes.
  const fromRun = spectrumJson([outDir, '--samples', '6']);
  assert.equal(fromRun.step, 6);
  assert.equal(fromRun.latentDim, 8);
  assert.deepEqual(fromRun.outputShape, [28, 28, 1]);
  assert.equal(fromRun.points.length, 6);
  const lastProbe = readSpectra(path.join(outDir, 'spectra.jsonl')).at(-1)!;
  fromRun.points.forEach((p, b) => {
    assert.equal(p.eigenvalues.length, 8);
    assert.ok(Math.abs((p.logCond as number) - (lastProbe.points![b].logCond as number)) < 1e-6, `point ${b} as the plugin found it`);
  });
  assert.ok(Math.abs(fromRun.summary.logCond!.mean - lastProbe.summary.logCond!.mean) < 1e-6);

  const fromCheckpoint = spectrumJson([path.join(outDir, 'checkpoints', 'step-00000003.ckpt'), '--samples', '6']);
  assert.equal(fromCheckpoint.step, 3);
  assert.notEqual(fromCheckpoint.summary.logCond!.mean, fromRun.summary.logCond!.mean, 'an earlier generator');

  // model.json + --z (the plugin's points, reversed): same numbers, in the order of the file.
  const zFile = path.join(scratch, 'z.json');
  const latents = JSON.parse(fs.readFileSync(path.join(outDir, PROBE_LATENTS_FILE), 'utf8')) as number[][];
  fs.writeFileSync(zFile, JSON.stringify([...latents].reverse()));
  const fromModel = spectrumJson([path.join(outDir, 'generator', 'model.json'), '--z', zFile]);
  assert.equal(fromModel.step, null);
  assert.equal(fromModel.points.length, 6);
  fromModel.points.forEach((p, b) => {
    const expected = fromRun.points[5 - b];
    p.eigenvalues.forEach((e, i) => assert.ok(Math.abs(e - expected.eigenvalues[i]) <= 1e-6 * expected.eigenvalues[0], `point ${b} λ_${i}`));
  });
  assert.ok(typeof fromModel.points[0].logDet === 'number');

  const human = gancond(['spectrum', outDir, '--samples', '3', '--seed', '11']);
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /\(step 6\): 3 latent points, d = 8, n = 784/);
  assert.match(human.stdout, /log condition number ln\(λmax\/λmin\): mean \d/);
});

test('gancond spectrum: bad input exits 2 with a clear message and no stack trace', async () => {
  await selectBackend('cpu');
  const dir = path.join(scratch, 'bad');
  fs.mkdirSync(dir);
  const discriminator = tfl.sequential({ layers: [tfl.layers.flatten({ inputShape: [28, 28, 1] }), tfl.layers.dense({ units: 1 })] });
  await saveLayersModel(discriminator, path.join(dir, 'discriminator'));
  discriminator.dispose();
  const wrongDim = path.join(dir, 'z3.json');
  fs.writeFileSync(wrongDim, latentsJson(new Float32Array([0.5, -1, 2, 0.25, 1.5, -0.75]), 3));
  const notJson = path.join(dir, 'notes.txt');
  fs.writeFileSync(notJson, 'hello');

  const cases: [string[], RegExp][] = [
    [[path.join(dir, 'nowhere')], /nowhere: no such run directory, checkpoint or model\.json/],
    [[dir], /not a gancond run directory or checkpoint/],
    [[path.join(dir, 'discriminator', 'model.json')], /model\.json: not a generator: its input has shape \[batch, 28, 28, 1\], expected a latent batch \[batch, d\]/],
    [[notJson], /not a gancond run directory or checkpoint|cannot read|not a tfjs/],
    [[outDir, '--z', wrongDim], /--z .*z3\.json: latent vector 0 has 3 values, but the generator's latent dimension is 8/],
    [[outDir, '--z', path.join(dir, 'missing.json')], /--z .*missing\.json: cannot read the file \(ENOENT\)/],
    [[outDir, '--samples', '0'], /--samples: got "0", expected a positive integer/],
    [[outDir, '--mode', 'sideways'], /--mode: got "sideways", expected one of auto, forward, reverse/],
  ];
  for (const [args, pattern] of cases) {
    const r = gancond(['spectrum', ...args]);
    assert.equal(r.code, 2, `${args.join(' ')}: exit ${r.code}\n${r.stderr}`);
    assert.match(r.stderr, pattern, args.join(' '));
    assert.doesNotMatch(r.stderr, /\n\s+at /, `no stack trace for ${args.join(' ')}`);
  }
});
