import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { loadPlugins } from '@gancond/core';
import plugin from '../src/index';
import { tempDir } from './helpers/tinyRun';

const PACKAGE = '@gancond/plugin-jacobian-clamp';
// The CLI of the core this package is installed beside.
const CLI = path.join(path.dirname(require.resolve('@gancond/core')), 'cli', 'main.js');

function gancond(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("core's plugin loader finds the installed package by name, from a directory that is not this package", async () => {
  const [loaded] = await loadPlugins([{ use: PACKAGE, options: {} }], tempDir());
  assert.equal(loaded.plugin, plugin);
  assert.equal(loaded.plugin.name, 'jacobian-clamp');
  assert.equal(fs.realpathSync(loaded.file), fs.realpathSync(path.resolve(__dirname, '../src/index.js')));
});

test('gancond validate accepts a config naming the plugin and rejects bad options with exit code 2', () => {
  const dir = tempDir();
  const config = (options: string) => {
    const file = path.join(dir, `exp-${options.length}.yaml`);
    fs.writeFileSync(file, `name: mnist-jc\nplugins:\n  - use: "${PACKAGE}"\n    options: ${options}\n`);
    return file;
  };
  const good = gancond(['validate', config('{ lambdaMax: 20, granularity: per-batch }')], dir);
  assert.equal(good.code, 0, good.stderr);
  assert.match(good.stdout, /valid \(mnist-jc; plugins: jacobian-clamp\)/);
  const bad = gancond(['validate', config('{ epsilon: -1, lambdaMin: 25 }')], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /plugins\[0\]\.options\.epsilon: got -1/);
  assert.doesNotMatch(bad.stderr, /\n\s+at /, 'no stack trace');
});
