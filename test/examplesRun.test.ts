import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import YAML from 'yaml';

/*
 * Every example config runs end to end through the CLI, shrunk by --set overrides to a few
 * steps of a narrow model on a slice of the data (the configs themselves stay full size).
 */

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'packages/core/dist/src/cli/main.js');
const EXAMPLES = path.join(ROOT, 'examples');
const work = fs.mkdtempSync(path.join(tmpdir(), 'gancond-examples-'));
after(() => fs.rmSync(work, { recursive: true, force: true }));

const SHRINK = [
  'training.steps=3',
  'training.batchSize=8',
  'training.evalEvery=3',
  'training.checkpointEvery=3',
  'training.sampleEvery=3',
  'data.limit=64',
  'model.width=8',
  'model.latentDim=8',
];

/** Plugin options that scale with the evaluation's size. */
const PLUGIN_SHRINK: Record<string, (i: number) => string[]> = {
  '@gancond/plugin-spectrum': (i) => [`plugins[${i}].options.samples=4`, `plugins[${i}].options.every=3`],
  '@gancond/plugin-fid': (i) => [`plugins[${i}].options.samples=20`, `plugins[${i}].options.cacheDir=${path.join(work, 'fid-cache')}`],
  '@gancond/plugin-inception': (i) => [`plugins[${i}].options.samples=20`],
};

for (const file of fs.readdirSync(EXAMPLES).filter((f) => /\.ya?ml$/.test(f))) {
  const config = YAML.parse(fs.readFileSync(path.join(EXAMPLES, file), 'utf8'));
  const dataPath: string | undefined = config.data?.path;
  const skip = dataPath && !fs.existsSync(dataPath) ? `its data directory ${dataPath} is not on this machine` : false;
  test(`example ${file} runs end to end`, { skip }, () => {
    const plugins: { use: string }[] = config.plugins ?? [];
    const overrides = [...SHRINK, ...plugins.flatMap((p, i) => PLUGIN_SHRINK[p.use]?.(i) ?? [])];
    const out = path.join(work, file);
    const r = spawnSync(process.execPath, [CLI, 'run', path.join(EXAMPLES, file), '--out', out, ...overrides.flatMap((o) => ['--set', o])], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    assert.equal(r.status, 0, `${file}: ${r.stderr}`);
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf8'));
    assert.equal(summary.status, 'completed');
    assert.deepEqual(summary.plugins.map((p: { use: string }) => p.use), plugins.map((p) => p.use));
  });
}
