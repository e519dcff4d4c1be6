import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs-core';

/** The version of the package this file belongs to, found by walking up to its package.json. */
export function ownPackageVersion(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version;
  }
  return 'unknown';
}

/** Versions written into every run summary. */
export function runtimeVersions(): Record<string, string> {
  return { '@gancond/core': ownPackageVersion(), '@tensorflow/tfjs-core': tf.version_core, node: process.versions.node };
}
