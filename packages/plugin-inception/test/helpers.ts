import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { validateConfig, type JsonValue } from '@gancond/core';

/** A fresh directory, removed after the test `t`. */
export function tempDir(t: { after(fn: () => void): void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gancond-is-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A fast real MNIST experiment (width-8 DCGAN, latent 8) on the wasm backend. */
export function tinyMnistConfig(run: {
  name: string;
  seed: number;
  limit: number;
  training: { steps: number; batchSize: number; evalEvery: number; checkpointEvery: number; sampleEvery: number };
  plugins?: { use: string; options: JsonValue }[];
}) {
  const { limit, ...rest } = run;
  return validateConfig({ backend: 'wasm', data: { dataset: 'mnist', limit }, model: { width: 8, latentDim: 8 }, ...rest });
}
