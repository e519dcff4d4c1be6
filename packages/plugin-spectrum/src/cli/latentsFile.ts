import * as fs from 'node:fs';
import { UserError } from '@gancond/core';

/**
 * Reads latent points from a JSON file holding an array of vectors
 * (`[[z_11, ..., z_1d], [z_21, ...], ...]`), each of length `latentDim`, as float32
 * values row after row. Every problem is a UserError naming the file and the entry.
 */
export function readLatentsFile(file: string, latentDim: number): Float32Array {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new UserError(`--z ${file}: ${e.code ? `cannot read the file (${e.code})` : `not valid JSON (${e.message})`}`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    throw new UserError(`--z ${file}: expected a non-empty JSON array of latent vectors, e.g. [[0.1, -1.2, ...], ...]`);
  }
  const values = new Float32Array(parsed.length * latentDim);
  parsed.forEach((row: unknown, i) => {
    if (!Array.isArray(row) || !row.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      throw new UserError(`--z ${file}: entry ${i} is not an array of finite numbers`);
    }
    if (row.length !== latentDim) {
      throw new UserError(`--z ${file}: latent vector ${i} has ${row.length} values, but the generator's latent dimension is ${latentDim}`);
    }
    values.set(row as number[], i * latentDim);
  });
  return values;
}

/** Latent points (row after row) as the JSON array of vectors that {@link readLatentsFile} reads; float32 values round-trip exactly. */
export function latentsJson(values: Float32Array, latentDim: number): string {
  const rows: number[][] = [];
  for (let i = 0; i < values.length; i += latentDim) rows.push(Array.from(values.subarray(i, i + latentDim)));
  return JSON.stringify(rows) + '\n';
}
