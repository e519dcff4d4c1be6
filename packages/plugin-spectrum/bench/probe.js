#!/usr/bin/env node
/*
 * Speed of a spectrum probe on the reference DCGAN-MNIST generator (d = 64, n = 784; GUIDE §3),
 * as ms per latent point and as a share of one training step, beside the same probe in
 * PyTorch (torch.autograd.functional.jacobian(vectorize=True) + numpy.linalg.eigvalsh) when the
 * system Python has torch. The PyTorch generator gets the same weights and latent points, so
 * the eigenvalues are cross-checked too.
 *
 * Run after building (npx tsc -b):
 *   node packages/plugin-spectrum/bench/probe.js [--points 64] [--repeats 3] [--backend wasm] [--no-torch] [--no-step]
 * Prints a table, then one JSON line.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const tf = require('@tensorflow/tfjs-core');
const tfl = require('@tensorflow/tfjs-layers');
const core = require('@gancond/core');
const { probeSpectra, jacobianColumns, inferenceGenerator, metricTensor } = require('../dist/src/index.js');

const PYTHON = '/usr/bin/python3'; // the system Python, where Debian's python3-torch lives (GUIDE §3)

function parseArgs(argv) {
  const args = { points: 64, repeats: 3, backend: 'wasm', torch: true, step: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--points') args.points = Number(argv[++i]);
    else if (a === '--repeats') args.repeats = Number(argv[++i]);
    else if (a === '--backend') args.backend = argv[++i];
    else if (a === '--no-torch') args.torch = false;
    else if (a === '--no-step') args.step = false;
    else throw new Error(`unknown argument ${a}`);
  }
  return args;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The reference generator, with non-trivial batch-norm statistics (inference mode uses them). */
function referenceGenerator() {
  let seed = 1;
  const { generator, discriminator } = core.buildDcganMnist({ latentDim: 64, width: 64, imageShape: [28, 28, 1], nextSeed: () => seed++, tf, tfl });
  discriminator.dispose();
  const stream = new core.RandomStream('bench/bn');
  const weights = generator.weights.map((w) => {
    const values = w.read().dataSync();
    if (/moving_mean|beta/.test(w.originalName)) return tf.tensor(stream.fillNormal(values.length).map((v) => 0.1 * v), w.shape);
    if (/moving_variance|gamma/.test(w.originalName)) return tf.tensor(stream.fillNormal(values.length).map((v) => 0.5 + 0.5 * Math.abs(v)), w.shape);
    return tf.tensor(values, w.shape);
  });
  generator.setWeights(weights);
  tf.dispose(weights);
  return generator;
}

/** ms per training step of the reference DCGAN (batch 64) on real MNIST, from a short real run. */
async function trainingStepMs(backend) {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'spectrum-bench-'));
  try {
    const config = core.validateConfig({
      name: 'bench',
      backend,
      data: { dataset: 'mnist', limit: 2048 },
      model: { width: 64, latentDim: 64 },
      training: { steps: 6, batchSize: 64, evalEvery: 0, checkpointEvery: 0, sampleEvery: 0 },
    });
    const summary = await core.startRun(config, { outDir: path.join(outDir, 'run'), logger: core.silentLogger });
    return summary.msPerStep;
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}

/** Weights in tfjs layout under the names probe_torch.py expects. */
function exportForTorch(generator, zValues, points, repeats) {
  const names = {
    'dense_Dense1/kernel': 'dense/kernel',
    'dense_Dense1/bias': 'dense/bias',
    'conv2d_transpose_Conv2DTranspose1/kernel': 'ct1/kernel',
    'conv2d_transpose_Conv2DTranspose1/bias': 'ct1/bias',
    'conv2d_transpose_Conv2DTranspose2/kernel': 'ct2/kernel',
    'conv2d_transpose_Conv2DTranspose2/bias': 'ct2/bias',
  };
  const weights = {};
  for (const w of generator.weights) {
    const bn = /batch_normalization_BatchNormalization(\d)\/(\w+)/.exec(w.originalName);
    const name = bn ? `bn${bn[1]}/${bn[2]}` : names[w.originalName];
    weights[name] = { shape: w.shape, values: Array.from(w.read().dataSync()) };
  }
  const z = [];
  for (let i = 0; i < points; i++) z.push(Array.from(zValues.subarray(i * 64, (i + 1) * 64)));
  return { latent: 64, width: 64, weights, z, repeats };
}

function runTorch(spec) {
  const check = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' });
  if (check.status !== 0) return { unavailable: `${PYTHON} has no torch/numpy` };
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'spectrum-bench-')), 'spec.json');
  fs.writeFileSync(file, JSON.stringify(spec));
  try {
    const r = spawnSync(PYTHON, [path.join(__dirname, 'probe_torch.py'), file, 'reverse-mode', 'forward-mode'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    if (r.status !== 0) return { unavailable: `probe_torch.py failed: ${r.stderr.trim().split('\n').pop()}` };
    return JSON.parse(r.stdout.trim().split('\n').pop());
  } finally {
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
}

/** Worst relative difference over eigenvalues above 1e-6 of each point's largest. */
function worstRelativeDiff(ours, theirs) {
  let worst = 0;
  ours.forEach((p, b) => {
    const ref = theirs[b];
    p.eigenvalues.forEach((e, i) => {
      if (ref[i] > 1e-6 * ref[0]) worst = Math.max(worst, Math.abs(e - ref[i]) / ref[i]);
    });
  });
  return worst;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const backend = await core.selectBackend(args.backend);
  const generator = referenceGenerator();
  const zValues = new core.RandomStream('bench/z').fillNormal(args.points * 64);
  const z = tf.tensor2d(zValues, [args.points, 64]);

  await probeSpectra(generator, tf.slice(z, [0, 0], [8, 64])); // warm-up (kernel setup, wasm memory growth)
  const totals = [];
  let probe;
  for (let r = 0; r < args.repeats; r++) {
    const t0 = performance.now();
    probe = await probeSpectra(generator, z);
    totals.push(performance.now() - t0);
  }
  // The float64 part alone (JᵀJ and eigenvalues), on one pass's Jacobians.
  const chunk = 8;
  const columnsTensor = jacobianColumns(inferenceGenerator(generator), tf.slice(z, [0, 0], [chunk, 64]), 784, 'forward');
  const columns = await columnsTensor.data();
  columnsTensor.dispose();
  const t0 = performance.now();
  for (let b = 0; b < chunk; b++) core.symmetricEigenvalues(metricTensor(columns, b * 64 * 784, 64, 784), 64);
  const float64MsPerPoint = (performance.now() - t0) / chunk;

  const msPerPoint = median(totals) / args.points;
  const stepMs = args.step ? await trainingStepMs(args.backend) : null;
  const torch = args.torch ? runTorch(exportForTorch(generator, zValues, args.points, args.repeats)) : { unavailable: 'skipped (--no-torch)' };

  const rows = [
    ['gancond', `tfjs ${backend.name}, double backward`, median(totals), msPerPoint, float64MsPerPoint, '', stepMs ? `${((100 * median(totals)) / stepMs).toFixed(0)}%` : ''],
  ];
  const torchResults = {};
  if (torch.results) {
    for (const [strategy, r] of Object.entries(torch.results)) {
      if (r.error) {
        rows.push(['pytorch', `${strategy} (${torch.threads} thr)`, NaN, NaN, NaN, r.error.slice(0, 60), '']);
        torchResults[strategy] = { error: r.error };
        continue;
      }
      const ms = 1000 * r.seconds;
      const worst = worstRelativeDiff(probe.points, r.eigenvalues);
      rows.push(['pytorch', `${strategy} (${torch.threads} thr)`, ms, ms / args.points, (1000 * (r.seconds - r.jacobianSeconds)) / args.points, worst.toExponential(1), stepMs ? `${((100 * ms) / stepMs).toFixed(0)}%` : '']);
      torchResults[strategy] = { msPerPoint: ms / args.points, jacobianMsPerPoint: (1000 * r.jacobianSeconds) / args.points, maxRelEigenDiff: worst };
    }
  }

  console.log(`spectrum probe: ${args.points} points, reference DCGAN-MNIST generator (d = 64, n = 784), median of ${args.repeats}`);
  console.log(`training step (batch 64, ${backend.name}): ${stepMs ? stepMs.toFixed(0) + ' ms' : 'not measured'}; mean log cond ${probe.summary.logCond?.mean.toFixed(3)}`);
  const header = ['impl', 'jacobian', 'probe ms', 'ms/point', 'f64 ms/pt', 'eig rel diff', 'of a step'];
  const fmt = (v) => (typeof v === 'number' ? (Number.isNaN(v) ? '-' : v.toFixed(1)) : v);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(fmt(r[i])).length)));
  const line = (cells) => cells.map((c, i) => String(fmt(c)).padStart(widths[i])).join('  ');
  console.log(line(header));
  for (const r of rows) console.log(line(r));
  if (torch.unavailable) console.log(`pytorch: ${torch.unavailable}`);
  console.log(
    JSON.stringify({
      bench: 'spectrum-probe',
      points: args.points,
      backend: backend.name,
      probeMs: median(totals),
      msPerPoint,
      float64MsPerPoint,
      trainingStepMs: stepMs,
      shareOfStep: stepMs ? median(totals) / stepMs : null,
      torch: torch.unavailable ? { unavailable: torch.unavailable } : { version: torch.torch, threads: torch.threads, ...torchResults },
    }),
  );
  z.dispose();
  generator.dispose();
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
