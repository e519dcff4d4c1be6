import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../helpers/tempDir';

const CLI = path.resolve(__dirname, '../../src/cli/main.js');

function gancond(args: string[], cwd = process.cwd()) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let configs = 0;
function writeConfig(dir: string, text: string): string {
  const file = path.join(dir, `exp-${++configs}.yaml`);
  fs.writeFileSync(file, text);
  return file;
}

test('bad input exits 2 with one clear message and no stack trace', () => {
  const dir = tempDir();
  const cases: [string[], RegExp][] = [
    [['run', writeConfig(dir, 'name: x\ntraining: { batchSize: big }\n')], /training\.batchSize: got "big"/],
    [['run', path.join(dir, 'missing.yaml')], /cannot read config .*missing\.yaml: ENOENT/],
    [['validate', writeConfig(dir, 'name: x\nplugins: [{ use: "@gancond/plugin-nonexistent" }]\n')], /plugins\[0\]\.use: cannot find package "@gancond\/plugin-nonexistent"; install it with: npm install @gancond\/plugin-nonexistent/],
    [['validate', writeConfig(dir, 'name: x\nplugins: [{ use: "./nope.js" }]\n')], /plugins\[0\]\.use: cannot find module ".*nope\.js"/],
    [['run', writeConfig(dir, 'name: x\ndata: { dataset: cifar10 }\n'), '--out', path.join(dir, 'r1')], /data\.path: required for dataset "cifar10"/],
    [['run', writeConfig(dir, 'name: x\n'), '--backend', 'tensorflow-gpu', '--out', path.join(dir, 'r2')], /tfjs-node-gpu/],
    [['run', writeConfig(dir, 'name: x\n'), '--out', path.join(writeConfig(dir, 'name: x\n'), 'run')], /not writable/],
    [['resume', dir], /not a gancond run directory/],
    [['frobnicate'], /unknown command/],
  ];
  for (const [args, pattern] of cases) {
    const r = gancond(args);
    assert.equal(r.code, 2, `${args.join(' ')}: exit ${r.code}\n${r.stderr}`);
    assert.match(r.stderr, pattern, args.join(' '));
    assert.doesNotMatch(r.stderr, /\n\s+at /, `no stack trace for ${args.join(' ')}`);
  }
});

test('a plugin module with bad options is rejected naming the option', () => {
  const dir = tempDir();
  const core = path.resolve(__dirname, '../../src/index.js');
  fs.writeFileSync(
    path.join(dir, 'plugin.js'),
    `const { definePlugin, z } = require(${JSON.stringify(core)});
     module.exports = definePlugin({ name: 'p', options: z.object({ weight: z.number().positive().default(1) }).strict(), apply() {} });`,
  );
  const good = gancond(['validate', writeConfig(dir, 'name: x\nplugins: [{ use: ./plugin.js, options: { weight: 2 } }]\n')]);
  assert.equal(good.code, 0, good.stderr);
  assert.match(good.stdout, /valid \(x; plugins: p\)/);
  const bad = gancond(['validate', writeConfig(dir, 'name: x\nplugins: [{ use: ./plugin.js, options: { weight: -1, colour: 2 } }]\n')]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /invalid options for plugin "p"/);
  assert.match(bad.stderr, /plugins\[0\]\.options\.weight: got -1/);
  assert.match(bad.stderr, /plugins\[0\]\.options: unknown field "colour"/);
});

test('gancond schema prints a JSON Schema', () => {
  const r = gancond(['schema']);
  assert.equal(r.code, 0);
  assert.equal(JSON.parse(r.stdout).properties.training.properties.steps.default, 1000);
});

test('gancond run trains and writes the run directory; a second run into it is refused', () => {
  const dir = tempDir();
  const config = writeConfig(dir, 'name: cli\ndata: { limit: 256 }\nmodel: { width: 8, latentDim: 8 }\ntraining: { steps: 3, batchSize: 8 }\n');
  const out = path.join(dir, 'run');
  const r = gancond(['run', config, '--out', out, '--set', 'training.evalEvery=0']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /cli: completed at step 3\/3 on wasm/);
  assert.match(r.stderr, /step 3\/3/);
  const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
  assert.equal(summary.status, 'completed');
  assert.equal(summary.backend.name, 'wasm');
  assert.match(fs.readFileSync(path.join(out, 'config.resolved.yaml'), 'utf8'), /evalEvery: 0/);
  const again = gancond(['run', config, '--out', out]);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /already holds a run/);
});

test('Ctrl-C writes a checkpoint and exits 130; gancond resume finishes the run', async () => {
  const dir = tempDir();
  const config = writeConfig(dir, 'name: sigint\ndata: { limit: 256 }\nmodel: { width: 8, latentDim: 8 }\ntraining: { steps: 2000, batchSize: 8, evalEvery: 0, checkpointEvery: 0, logEvery: 5 }\n');
  const out = path.join(dir, 'run');
  const child = spawn(process.execPath, [CLI, 'run', config, '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  // Interrupt once, when training is under way (the first progress line): a second Ctrl-C
  // would abort at once, as usual for command-line programs.
  let interrupted = false;
  child.stderr.on('data', (chunk: Buffer) => {
    if (!interrupted && /step \d+\/2000/.test(chunk.toString())) {
      interrupted = true;
      child.kill('SIGINT');
    }
  });
  const [code] = (await once(child, 'exit')) as [number];
  assert.equal(code, 130, stdout);
  assert.match(stdout, /sigint: interrupted at step (\d+)\/2000/);
  assert.match(stdout, /continue with: gancond resume/);
  const step = Number(/interrupted at step (\d+)/.exec(stdout)![1]);
  assert.ok(step < 2000);
  assert.deepEqual(fs.readdirSync(path.join(out, 'checkpoints')), [`step-${String(step).padStart(8, '0')}.ckpt`]);
  assert.equal(JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8')).status, 'interrupted');

  const resumed = gancond(['resume', out]);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, new RegExp(`resuming sigint from step ${step}`));
  assert.match(resumed.stdout, /sigint: completed at step 2000\/2000/);
});
