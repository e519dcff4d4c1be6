import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'packages/core/dist/src/cli/main.js');
const EXAMPLES = path.join(ROOT, 'examples');

test('every example config validates, with its plugins found and their options accepted', () => {
  const configs = fs.readdirSync(EXAMPLES).filter((f) => /\.ya?ml$/.test(f));
  assert.ok(configs.includes('mnist-baseline.yaml'));
  for (const file of configs) {
    const r = spawnSync(process.execPath, [CLI, 'validate', path.join(EXAMPLES, file)], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, `${file}: ${r.stderr}`);
    assert.match(r.stdout, /: valid \(/);
  }
});
