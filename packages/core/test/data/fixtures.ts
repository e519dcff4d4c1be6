import assert from 'node:assert/strict';
import { UserError } from '../../src/errors/UserError';

export { tempDir } from '../helpers/tempDir';

/** Asserts a UserError whose message names `path` and matches `pattern`. */
export function assertUserError(fn: () => unknown, path: string, pattern: RegExp): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof UserError, `expected a UserError, got ${String(err)}`);
    assert.ok(err.message.includes(path), `message does not name ${path}: ${err.message}`);
    assert.match(err.message, pattern);
    return true;
  });
}

/** An unsigned-byte IDX file: magic 0x000008NN, big-endian dims, then the data. */
export function idxBytes(dims: number[], data: Uint8Array): Buffer {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(0x0800 + dims.length, 0);
  dims.forEach((dim, d) => header.writeUInt32BE(dim, 4 + 4 * d));
  return Buffer.concat([header, data]);
}

/** Deterministic pseudo-random bytes (so a failing case can be reproduced). */
export function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
