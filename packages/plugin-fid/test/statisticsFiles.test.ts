import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { zipSync } from 'fflate';
import { UserError, encodeNpy } from '@gancond/core';
import { readFeatureFile, readStatisticsFile, writeFeatureFile, writeStatisticsFile } from '../src/statisticsFiles';
import { FIXTURES, randomCovariance, randomMatrix, tempDir } from './helpers';

const reference = JSON.parse(fs.readFileSync(path.join(FIXTURES, 'fid-reference.json'), 'utf8'));

function hasNumpy(): boolean {
  try {
    execFileSync('python3', ['-c', 'import numpy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const isUserError = (pattern: RegExp) => (e: unknown) => e instanceof UserError && pattern.test(e.message);

test('.npz statistics round-trip exactly', () => {
  const dir = tempDir();
  const d = 10;
  const stats = { dim: d, mu: randomMatrix(1, d), sigma: randomCovariance(d, 40), count: 40 };
  const file = path.join(dir, 'stats.npz');
  writeStatisticsFile(file, stats);
  const back = readStatisticsFile(file);
  assert.equal(back.dim, d);
  assert.equal(back.count, 40);
  assert.deepEqual(back.mu, stats.mu);
  assert.deepEqual(back.sigma, stats.sigma);
  assert.deepEqual(fs.readdirSync(dir), ['stats.npz'], 'no temporary files left');
});

test('.npy feature matrices round-trip in float32 and float64', () => {
  const dir = tempDir();
  const x = randomMatrix(7, 3);
  for (const dtype of ['float32', 'float64'] as const) {
    const file = path.join(dir, `${dtype}.npy`);
    writeFeatureFile(file, x, 3, dtype);
    const back = readFeatureFile(file);
    assert.equal(back.count, 7);
    assert.equal(back.dim, 3);
    assert.deepEqual(back.features, dtype === 'float64' ? x : Float64Array.from(Float32Array.from(x)));
  }
});

test('reads what NumPy writes: float32, Fortran-ordered float64, np.savez and np.savez_compressed', () => {
  const f4 = readFeatureFile(path.join(FIXTURES, 'numpy-features-f4.npy'));
  assert.equal(f4.count, 20);
  assert.equal(f4.dim, 6);
  const f8 = readFeatureFile(path.join(FIXTURES, 'numpy-features-f8-fortran.npy'));
  assert.equal(f8.count, 30);
  assert.equal(f8.dim, 5);
  assert.deepEqual(Array.from(f8.features.subarray(0, 5)), reference.featureFiles['numpy-features-f8-fortran.npy'].firstRow);
  const a = readStatisticsFile(path.join(FIXTURES, 'numpy-stats-d64-a.npz'));
  const b = readStatisticsFile(path.join(FIXTURES, 'numpy-stats-d64-b-compressed.npz'));
  assert.equal(a.dim, 64);
  assert.equal(b.dim, 64);
  assert.equal(a.count, undefined, 'pytorch-fid files carry no N');
});

test('NumPy reads what we write (when python3 with numpy is available)', { skip: !hasNumpy() && 'python3 with numpy not found' }, () => {
  const dir = tempDir();
  const d = 5;
  const stats = { dim: d, mu: randomMatrix(1, d), sigma: randomCovariance(d, 20), count: 20 };
  writeStatisticsFile(path.join(dir, 's.npz'), stats);
  const x = randomMatrix(4, 3);
  writeFeatureFile(path.join(dir, 'f.npy'), x, 3, 'float64');
  const script = [
    'import json, sys, numpy as np',
    `f = np.load(sys.argv[1] + "/s.npz"); x = np.load(sys.argv[1] + "/f.npy")`,
    'print(json.dumps({"mu": f["mu"].tolist(), "sigma": f["sigma"].ravel().tolist(), "n": float(f["n"]), "x": x.ravel().tolist(), "shape": list(x.shape), "dtype": str(f["sigma"].dtype)}))',
  ].join('\n');
  const out = JSON.parse(execFileSync('python3', ['-c', script, dir], { encoding: 'utf8' }));
  assert.deepEqual(out.mu, Array.from(stats.mu));
  assert.deepEqual(out.sigma, Array.from(stats.sigma));
  assert.equal(out.n, 20);
  assert.equal(out.dtype, 'float64');
  assert.deepEqual(out.shape, [4, 3]);
  assert.deepEqual(out.x, Array.from(x));
});

test('corrupt and mismatched files give clear errors naming the file', () => {
  const dir = tempDir();
  const file = (name: string, bytes: Uint8Array | string) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, bytes);
    return p;
  };
  const good = encodeNpy({ shape: [3, 2], data: [1, 2, 3, 4, 5, 6] });
  assert.throws(() => readFeatureFile(file('magic.npy', 'hello world, not numpy')), isUserError(/magic.npy: not a .npy file/));
  assert.throws(() => readFeatureFile(file('short.npy', good.subarray(0, good.length - 5))), isUserError(/short.npy: truncated .npy data: shape \(3, 2\) needs 48 bytes/));
  const int64 = new TextDecoder('latin1').decode(good).replace("'<f8'", "'<i8'");
  assert.throws(() => readFeatureFile(file('int.npy', Uint8Array.from(int64, (c) => c.charCodeAt(0)))), isUserError(/dtype '<i8' is not supported/));
  const vector = encodeNpy({ shape: [4], data: [1, 2, 3, 4] });
  assert.throws(() => readFeatureFile(file('vector.npy', vector)), isUserError(/vector.npy: array of shape \(4\); expected a feature matrix/));
  assert.throws(() => readStatisticsFile(file('garbage.npz', 'PK garbage')), isUserError(/garbage.npz: not a readable .npz/));
  assert.throws(() => readStatisticsFile(path.join(dir, 'missing.npz')), isUserError(/missing.npz: cannot read \(ENOENT\)/));
  const onlyMu = zipSync({ 'mu.npy': encodeNpy({ shape: [2], data: [0, 1] }) });
  assert.throws(() => readStatisticsFile(file('onlymu.npz', onlyMu)), isUserError(/expected arrays 'mu' and 'sigma'.*found 'mu'/));
  const mismatch = zipSync({ 'mu.npy': encodeNpy({ shape: [3], data: [0, 1, 2] }), 'sigma.npy': encodeNpy({ shape: [2, 2], data: [1, 0, 0, 1] }) });
  assert.throws(() => readStatisticsFile(file('mismatch.npz', mismatch)), isUserError(/sigma has shape \(2, 2\); expected \(3, 3\) to match mu/));
  const nan = zipSync({ 'mu.npy': encodeNpy({ shape: [2], data: [0, NaN] }), 'sigma.npy': encodeNpy({ shape: [2, 2], data: [1, 0, 0, 1] }) });
  assert.throws(() => readStatisticsFile(file('nan.npz', nan)), isUserError(/nan.npz: mu\[1\] is NaN/));
});
