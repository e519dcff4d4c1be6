#!/usr/bin/env node
/**
 * Times the FID trace term tr((Σ₁Σ₂)^½) at d = 64, 512, 2048 (or the sizes given as
 * arguments) and, when python3 with scipy is available, pytorch-fid's
 * scipy.linalg.sqrtm(Σ₁·Σ₂) on the same matrices in the same run.
 *
 *   npx tsc -b && node packages/plugin-fid/bench/traceTerm.js [--scipy-threads N] [d ...]
 *
 * scipy runs with its BLAS's default threads (what pytorch-fid users get), or with
 * `--scipy-threads N` (e.g. 1: the JS code uses one core; on a machine shared with other
 * jobs, an over-subscribed multi-threaded BLAS can be many times slower than one thread).
 * Prints a table and one JSON line. Matrices: Σ = H₃H₂H₁ diag(λ) H₁H₂H₃ with λ ∈ [0.5, 2.5)
 * and random Householder reflections H (well conditioned, not commuting).
 */
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { encodeNpy } = require('@gancond/core');
const { traceSqrtProduct } = require('../dist/src/index.js');

function randomCovariance(d) {
  const sigma = new Float64Array(d * d);
  for (let i = 0; i < d; i++) sigma[i * d + i] = 0.5 + 2 * Math.random();
  const p = new Float64Array(d);
  for (let r = 0; r < 3; r++) {
    const u = Float64Array.from({ length: d }, () => Math.random() - 0.5);
    const uu = u.reduce((s, x) => s + x * x, 0);
    for (let i = 0; i < d; i++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += sigma[i * d + j] * u[j];
      p[i] = (2 / uu) * s;
    }
    const k = p.reduce((s, x, i) => s + x * u[i], 0) / uu;
    for (let i = 0; i < d; i++) {
      const wi = p[i] - k * u[i];
      for (let j = 0; j < d; j++) sigma[i * d + j] -= u[i] * (p[j] - k * u[j]) + wi * u[j];
    }
  }
  for (let i = 0; i < d; i++) for (let j = 0; j < i; j++) sigma[i * d + j] = sigma[j * d + i] = (sigma[i * d + j] + sigma[j * d + i]) / 2;
  return sigma;
}

const PYTHON = `
import json, sys, time
import numpy as np
from scipy import linalg
a = np.load(sys.argv[1]); b = np.load(sys.argv[2])
start = time.perf_counter()
covmean = linalg.sqrtm(a.dot(b))
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "trace": float(np.trace(covmean.real))}))
`;

function hasScipy() {
  try {
    execFileSync('python3', ['-c', 'import numpy, scipy'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const args = process.argv.slice(2);
const threadsFlag = args.indexOf('--scipy-threads');
const scipyThreads = threadsFlag >= 0 ? args.splice(threadsFlag, 2)[1] : undefined;
const threadEnv = scipyThreads ? { OPENBLAS_NUM_THREADS: scipyThreads, OMP_NUM_THREADS: scipyThreads, MKL_NUM_THREADS: scipyThreads } : {};
const sizes = args.map(Number).filter((n) => n > 0);
const dims = sizes.length ? sizes : [64, 512, 2048];
const scipy = hasScipy();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gancond-bench-'));
const rows = [];
for (const d of dims) {
  const a = randomCovariance(d);
  const b = randomCovariance(d);
  const start = process.hrtime.bigint();
  const result = traceSqrtProduct(a, b, d);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const row = { d, gancondSeconds: seconds, method: result.method, trace: result.value };
  if (scipy) {
    const fa = path.join(dir, `a${d}.npy`);
    const fb = path.join(dir, `b${d}.npy`);
    fs.writeFileSync(fa, encodeNpy({ shape: [d, d], data: a }));
    fs.writeFileSync(fb, encodeNpy({ shape: [d, d], data: b }));
    const py = JSON.parse(execFileSync('python3', ['-c', PYTHON, fa, fb], { encoding: 'utf8', env: { ...process.env, ...threadEnv } }));
    Object.assign(row, { scipySeconds: py.seconds, speedup: py.seconds / seconds, relativeDifference: Math.abs(result.value - py.trace) / py.trace });
  }
  rows.push(row);
}
fs.rmSync(dir, { recursive: true, force: true });

const fmt = (x, digits = 3) => (x === undefined ? '-' : x.toFixed(digits));
console.log(`FID trace term tr((S1 S2)^1/2), ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}, Node ${process.version}`);
console.log(`scipy BLAS threads: ${scipyThreads ?? 'default'}`);
console.log('     d   gancond (s)   scipy sqrtm (s)   scipy/gancond   relative difference');
for (const r of rows) {
  console.log(
    `${String(r.d).padStart(6)}   ${fmt(r.gancondSeconds).padStart(11)}   ${fmt(r.scipySeconds).padStart(15)}   ${fmt(r.speedup, 2).padStart(13)}   ${r.relativeDifference === undefined ? '-' : r.relativeDifference.toExponential(1).padStart(19)}`,
  );
}
if (!scipy) console.log('(python3 with numpy and scipy not found: scipy column skipped)');
console.log(JSON.stringify({ benchmark: 'fid-trace-term', scipyThreads: scipyThreads ?? 'default', loadAverage: os.loadavg()[0], results: rows }));
