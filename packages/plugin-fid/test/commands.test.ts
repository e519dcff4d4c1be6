import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { RandomStream, UserError, silentLogger } from '@gancond/core';
import { runFidCommand, runStatsCommand, type FidFlags } from '../src/commands';
import { frechetDistance } from '../src/frechetDistance';
import { kernelInceptionDistance } from '../src/kernelInceptionDistance';
import { readStatisticsFile, writeFeatureFile } from '../src/statisticsFiles';
import { FIXTURES, assertRelativeClose, batchStatistics, randomMatrix, tempDir } from './helpers';

const CLI = require.resolve('@gancond/core/dist/src/cli/main.js');
const reference = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'fid-reference.json'), 'utf8'));
const cacheDir = tempDir();

const flags = (overrides: Partial<FidFlags> = {}): FidFlags => ({
  extractor: 'mnist-classifier',
  samples: '10000',
  batchSize: '250',
  seed: '0',
  backend: 'wasm',
  kidSubsets: '100',
  kidSubsetSize: '1000',
  cacheDir,
  ...overrides,
});

async function fidJson(a: string, b: string, overrides: Partial<FidFlags> = {}) {
  let out = '';
  await runFidCommand(a, b, { ...flags(overrides), json: true }, (text) => (out += text), silentLogger);
  return JSON.parse(out);
}

const isUserError = (pattern: RegExp) => (e: unknown) => e instanceof UserError && pattern.test(e.message);

describe('gancond fid and gancond stats', () => {
  it('compares .npz statistics written by NumPy: JSON with fid, n and dims', async () => {
    const result = await fidJson(path.join(FIXTURES, reference.npzPair.a), path.join(FIXTURES, reference.npzPair.b));
    assertRelativeClose(result.fid, reference.npzPair.fid, 1e-9, 'fid');
    assert.deepEqual(result.n, { a: null, b: null });
    assert.equal(result.dims, 64);
  });

  it('compares .npy feature matrices (with KID) and reports their N', async () => {
    const dir = tempDir();
    const a = path.join(dir, 'a.npy');
    const b = path.join(dir, 'b.npy');
    const x = randomMatrix(120, 4);
    const y = randomMatrix(150, 4, 1, 0.4);
    writeFeatureFile(a, x, 4, 'float64');
    writeFeatureFile(b, y, 4, 'float64');
    const result = await fidJson(a, b, { kid: true, kidSubsets: '5', kidSubsetSize: '50' });
    assert.deepEqual(result.n, { a: 120, b: 150 });
    assert.equal(result.dims, 4);
    // The command's plumbing: the same numbers as the library on the same matrices and seed.
    assertRelativeClose(result.fid, frechetDistance(batchStatistics(x, 120, 4), batchStatistics(y, 150, 4)).fid, 1e-10, 'fid');
    const kid = kernelInceptionDistance(x, y, 4, new RandomStream('gancond-kid:0'), { subsets: 5, subsetSize: 50 });
    assert.deepEqual(result.kid, { mean: kid.mean, std: kid.std, subsets: 5, subsetSize: 50 });
    await assert.rejects(fidJson(a, path.join(FIXTURES, reference.npzPair.a)), isUserError(/feature dimensions differ: .*a.npy has 4, .*numpy-stats-d64-a.npz has 64/));
    await assert.rejects(fidJson(a, path.join(FIXTURES, reference.npzPair.a), { kid: true }), isUserError(/KID needs feature vectors/));
  });

  it('MNIST test statistics written by `stats` are at FID 0 from mnist:test, and train vs test is small', async () => {
    const out = path.join(tempDir(), 'test.npz');
    let text = '';
    await runStatsCommand('mnist:test', { ...flags({ samples: '1000' }), out }, (t) => (text += t), silentLogger);
    assert.match(text, /wrote .*test.npz: mu \(\d+\), sigma/);
    assert.equal(readStatisticsFile(out).count, 1000);
    const same = await fidJson(out, 'mnist:test', { samples: '1000' });
    // Not exactly 0: √ of the eigenvalues of Σ² loses about half the digits of the smallest ones.
    assert.ok(Math.abs(same.fid) < 1e-6, `fid ${same.fid}`);
    const trainTest = await fidJson('mnist:train', 'mnist:test', { samples: '1000' });
    assert.deepEqual(trainTest.n, { a: 1000, b: 1000 });
    // 14.6 at N = 1000 (0.25 at N = 10 000: FID is biased at small N), against tr Σ ≈ 155 per side.
    assert.ok(trainTest.fid > 1 && trainTest.fid < 30, `train vs test FID ${trainTest.fid}`);
  });

  it('rejects unknown extractors, unknown sources and bad flags clearly', async () => {
    await assert.rejects(fidJson('mnist:test', 'mnist:train', { extractor: 'no-such-net' }), isUserError(/unknown feature extractor "no-such-net"/));
    await assert.rejects(fidJson('nowhere/at/all', 'mnist:test'), isUserError(/nowhere\/at\/all: no such file or directory, and not a dataset name/));
    await assert.rejects(fidJson('fashion-mnist:test', 'mnist:test'), isUserError(/fashion-mnist:test: needs the directory of the dataset's files \(--data-path DIR\)/));
    await assert.rejects(fidJson('mnist:test', 'mnist:test', { samples: '0' }), isUserError(/--samples: "0"; expected a positive integer/));
    await assert.rejects(
      runStatsCommand('mnist:test', { ...flags(), out: 'stats.txt' }, () => {}, silentLogger),
      isUserError(/--out: "stats.txt"; expected a file name ending in .npz/),
    );
  });

  it('runs through the gancond CLI: exit 0 with a JSON line, exit 2 with only a message on a corrupt file', () => {
    const a = path.join(FIXTURES, reference.npzPair.a);
    const ok = spawnSync(process.execPath, [CLI, 'fid', a, a, '--json'], { encoding: 'utf8' });
    assert.equal(ok.status, 0, ok.stderr);
    assert.equal(JSON.parse(ok.stdout).dims, 64);
    const corrupt = path.join(tempDir(), 'corrupt.npz');
    fs.writeFileSync(corrupt, 'garbage');
    const bad = spawnSync(process.execPath, [CLI, 'fid', corrupt, a], { encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /corrupt.npz: not a readable .npz \(zip\) archive/);
    assert.doesNotMatch(bad.stderr, /^\s+at /m);
  });
});
