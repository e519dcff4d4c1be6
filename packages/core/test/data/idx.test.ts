import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { parseIdx, readIdxFile } from '../../src/data/idx';
import { assertUserError, idxBytes, pseudoRandomBytes, tempDir } from './fixtures';


describe('IDX reader on good files', () => {
  const dir = tempDir();
  const cases: Array<{ dims: number[]; seed: number }> = [
    { dims: [37], seed: 1 },
    { dims: [5, 9], seed: 2 },
    { dims: [11, 28, 28], seed: 3 },
    { dims: [0, 4, 4], seed: 4 },
  ];
  for (const { dims, seed } of cases) {
    const data = pseudoRandomBytes(dims.reduce((a, b) => a * b, 1), seed);
    const bytes = idxBytes(dims, data);
    for (const gz of [false, true]) {
      it(`reads dims [${dims.join(', ')}] ${gz ? 'gzipped' : 'plain'}`, () => {
        const path = join(dir, `good-${dims.join('x')}${gz ? '.gz' : ''}`);
        writeFileSync(path, gz ? gzipSync(bytes) : bytes);
        const idx = readIdxFile(path);
        assert.deepEqual(idx.dims, dims);
        assert.deepEqual(Array.from(idx.data), Array.from(data));
      });
    }
  }

  it('recognises gzip by its magic bytes, not by the file name', () => {
    const path = join(dir, 'labels-without-extension');
    writeFileSync(path, gzipSync(idxBytes([3], Uint8Array.of(7, 8, 9))));
    assert.deepEqual(Array.from(readIdxFile(path).data), [7, 8, 9]);
  });

  it('parses from a view with a non-zero byte offset', () => {
    const padded = Buffer.concat([Buffer.from([0xaa, 0xbb]), idxBytes([2], Uint8Array.of(1, 2))]);
    const idx = parseIdx(padded.subarray(2), 'in-memory');
    assert.deepEqual(idx.dims, [2]);
    assert.deepEqual(Array.from(idx.data), [1, 2]);
  });
});

describe('IDX reader on corrupt files', () => {
  const dir = tempDir();
  const good = idxBytes([4, 2, 2], pseudoRandomBytes(16, 5));
  const write = (name: string, bytes: Uint8Array): string => {
    const path = join(dir, name);
    writeFileSync(path, bytes);
    return path;
  };

  it('rejects a bad magic number', () => {
    const bytes = Buffer.from(good);
    bytes[0] = 0x12;
    const path = write('bad-magic', bytes);
    assertUserError(() => readIdxFile(path), path, /bad magic number 0x12000803/);
  });

  it('rejects zero dimensions as a bad magic number', () => {
    const path = write('rank-zero', Buffer.from([0, 0, 8, 0]));
    assertUserError(() => readIdxFile(path), path, /bad magic number 0x00000800/);
  });

  it('rejects a file shorter than the magic number', () => {
    const path = write('tiny', Buffer.from([0, 0]));
    assertUserError(() => readIdxFile(path), path, /too short/);
  });

  it('rejects element types other than unsigned byte', () => {
    const bytes = Buffer.from(good);
    bytes[2] = 0x0d;
    const path = write('float-type', bytes);
    assertUserError(() => readIdxFile(path), path, /unsupported IDX type code 0x0d \(float32\)/);
    bytes[2] = 0x42;
    const unknown = write('unknown-type', bytes);
    assertUserError(() => readIdxFile(unknown), unknown, /unsupported IDX type code 0x42/);
  });

  it('rejects a truncated header', () => {
    const path = write('truncated-header', good.subarray(0, 10));
    assertUserError(() => readIdxFile(path), path, /truncated header/);
  });

  it('rejects truncated data', () => {
    const path = write('truncated-data', good.subarray(0, good.length - 1));
    assertUserError(() => readIdxFile(path), path, /truncated data, 15 bytes .* \[4, 2, 2\] need exactly 16/);
  });

  it('rejects over-long data', () => {
    const path = write('over-long', Buffer.concat([good, Buffer.from([0])]));
    assertUserError(() => readIdxFile(path), path, /over-long data, 17 bytes/);
  });

  it('rejects corrupt and truncated gzip', () => {
    const gz = gzipSync(good);
    const garbage = Buffer.from(gz);
    garbage.fill(0x55, 10, gz.length - 8);
    const corrupt = write('corrupt.gz', garbage);
    assertUserError(() => readIdxFile(corrupt), corrupt, /corrupt gzip data/);
    const truncated = write('truncated.gz', gz.subarray(0, gz.length - 12));
    assertUserError(() => readIdxFile(truncated), truncated, /corrupt gzip data/);
  });

  it('rejects a gzip whose content is not IDX, naming the gzipped file', () => {
    const path = write('not-idx.gz', gzipSync(Buffer.from('hello world')));
    assertUserError(() => readIdxFile(path), path, /bad magic number/);
  });

  it('rejects a missing file and a directory', () => {
    const missing = join(dir, 'no-such-file');
    assertUserError(() => readIdxFile(missing), missing, /file not found/);
    const sub = join(dir, 'a-directory');
    mkdirSync(sub);
    assertUserError(() => readIdxFile(sub), sub, /is a directory/);
  });
});
