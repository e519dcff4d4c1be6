import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';

/*
 * The packages as users get them: each workspace is packed with `npm pack`, and a
 * *selection* of tarballs is installed into a fresh project outside the monorepo, where the
 * installed `gancond` CLI runs a short real experiment.
 */

const ROOT = path.resolve(__dirname, '../..');
const work = fs.mkdtempSync(path.join(tmpdir(), 'gancond-pack-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));
const tarballs: Record<string, string> = {};

const PACKAGES = ['@gancond/core', '@gancond/native-kernels', '@gancond/plugin-jacobian-clamp', '@gancond/plugin-spectrum', 'gancond-plugin-orthogonal'];

before(() => {
  const packed = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', work, ...PACKAGES.flatMap((p) => ['-w', p])], { cwd: ROOT, encoding: 'utf8' }),
  ) as { name: string; filename: string }[];
  for (const p of packed) tarballs[p.name] = path.join(work, p.filename);
});

/** A new npm project in its own directory with just these tarballs installed. */
function project(name: string, packages: string[]): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir);
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name, private: true }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...packages.map((p) => tarballs[p])], { cwd: dir, stdio: 'pipe' });
  return dir;
}

function gancond(dir: string, args: string[]) {
  const r = spawnSync(path.join(dir, 'node_modules/.bin/gancond'), args, { cwd: dir, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const TINY = `seed: 3
data: { dataset: mnist, limit: 256 }
model: { width: 8, latentDim: 8 }
training: { steps: 5, batchSize: 8, evalEvery: 0, checkpointEvery: 0, sampleEvery: 0 }
`;

test('the core alone, installed from its tarball, trains; a config naming an uninstalled plugin says what to install', () => {
  const dir = project('core-only', ['@gancond/core']);
  assert.ok(!fs.existsSync(path.join(dir, 'node_modules/@gancond/plugin-jacobian-clamp')));
  fs.writeFileSync(path.join(dir, 'baseline.yaml'), `name: baseline\n${TINY}`);
  const r = gancond(dir, ['run', 'baseline.yaml', '--out', 'run']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /baseline: completed at step 5\/5 on wasm/);
  assert.ok(fs.existsSync(path.join(dir, 'run/generator/model.json')));
  // Without the optional native kernels (not published to the registry here), XNNPACK runs them.
  const summary = JSON.parse(fs.readFileSync(path.join(dir, 'run/summary.json'), 'utf8'));
  assert.match(summary.backend.kernels, /^XNNPACK \(@gancond\/native-kernels is not installed\)$/);

  fs.writeFileSync(path.join(dir, 'jc.yaml'), `name: jc\n${TINY}plugins: [{ use: "@gancond/plugin-jacobian-clamp" }]\n`);
  const missing = gancond(dir, ['run', 'jc.yaml', '--out', 'run-jc']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /plugins\[0\]\.use: cannot find package "@gancond\/plugin-jacobian-clamp"; install it with: npm install @gancond\/plugin-jacobian-clamp/);
});

test('core + native kernels + Jacobian Clamping + spectrum, installed from tarballs, train together; the spectrum command probes the result', () => {
  // The native kernels' tarball holds C++ sources: npm compiles them in the new project.
  const dir = project('jc-spectrum', ['@gancond/core', '@gancond/native-kernels', '@gancond/plugin-jacobian-clamp', '@gancond/plugin-spectrum']);
  fs.writeFileSync(
    path.join(dir, 'paper.yaml'),
    `name: paper\n${TINY.replace('evalEvery: 0', 'evalEvery: 5')}plugins:\n  - use: "@gancond/plugin-jacobian-clamp"\n    options: { lambdaMax: 20 }\n  - use: "@gancond/plugin-spectrum"\n    options: { samples: 4 }\n`,
  );
  const r = gancond(dir, ['run', 'paper.yaml', '--out', 'run']);
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(fs.readFileSync(path.join(dir, 'run/summary.json'), 'utf8'));
  assert.deepEqual(summary.plugins.map((p: { name: string }) => p.name), ['jacobian-clamp', 'spectrum']);
  assert.match(summary.backend.kernels, /^@gancond\/native-kernels \((avx512|avx2|sse\/neon), \d+ threads?\)/);
  assert.ok(Number.isFinite(summary.finalMetrics['jacobian-clamp/qMean']));
  assert.ok(Number.isFinite(summary.finalMetrics['spectrum/logCondMean']));
  const probe = gancond(dir, ['spectrum', 'run', '--samples', '3', '--json']);
  assert.equal(probe.code, 0, probe.stderr);
  const result = JSON.parse(probe.stdout);
  assert.equal(result.points.length, 3);
  assert.equal(result.points[0].eigenvalues.length, 8);
});

test('the custom regularizer example, installed beside the core, trains and records its metric', () => {
  const dir = project('custom', ['@gancond/core', 'gancond-plugin-orthogonal']);
  fs.writeFileSync(path.join(dir, 'orthogonal.yaml'), `name: orthogonal\n${TINY}plugins: [{ use: gancond-plugin-orthogonal, options: { weight: 0.01 } }]\n`);
  const listed = gancond(dir, ['plugins']);
  assert.equal(listed.code, 0, listed.stderr);
  assert.match(listed.stdout, /gancond-plugin-orthogonal@0\.1\.0/);
  assert.match(listed.stdout, /weight: number = 0\.0001/);
  const r = gancond(dir, ['run', 'orthogonal.yaml', '--out', 'run']);
  assert.equal(r.code, 0, r.stderr);
  const summary = JSON.parse(fs.readFileSync(path.join(dir, 'run/summary.json'), 'utf8'));
  assert.ok(summary.finalMetrics['orthogonal/offDiagonal'] > 0);
  assert.deepEqual(summary.plugins, [{ name: 'orthogonal', use: 'gancond-plugin-orthogonal' }]);
});
