import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadCifar10 } from '../../src/data/cifar10';
import { assertUserError, pseudoRandomBytes, tempDir } from './fixtures';

const RECORD = 3073;
const TRAIN_FILES = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'];

/** Records in the CIFAR-10 binary layout: label byte, then 1024 R, 1024 G, 1024 B bytes. */
function records(labels: number[], seed: number): Buffer {
  const bytes = Buffer.from(pseudoRandomBytes(labels.length * RECORD, seed));
  labels.forEach((label, r) => (bytes[r * RECORD] = label));
  return bytes;
}

/** The byte of channel c at row y, column x of record r, straight from the planar layout. */
function planarByte(bytes: Buffer, r: number, y: number, x: number, c: number): number {
  return bytes[r * RECORD + 1 + c * 1024 + y * 32 + x];
}


describe('CIFAR-10 binary loader', () => {
  const root = tempDir();
  const dir = join(root, 'cifar-10-batches-bin');
  mkdirSync(dir);
  // Three records per train file (15 in all), two in the test file.
  const trainFiles = TRAIN_FILES.map((_, f) => records([f, (f + 3) % 10, 9 - f], 100 + f));
  TRAIN_FILES.forEach((file, f) => writeFileSync(join(dir, file), trainFiles[f]));
  const testFile = records([6, 1], 200);
  // A hand-placed pixel in the first test record: row 5, column 7 is (R, G, B) = (255, 0, 51).
  testFile[1 + 0 * 1024 + 5 * 32 + 7] = 255;
  testFile[1 + 1 * 1024 + 5 * 32 + 7] = 0;
  testFile[1 + 2 * 1024 + 5 * 32 + 7] = 51;
  writeFileSync(join(dir, 'test_batch.bin'), testFile);

  it('places a hand-set pixel at its HWC position', () => {
    const test = loadCifar10(dir, 'test');
    assert.deepEqual(test.shape, [32, 32, 3]);
    assert.equal(test.size, 2);
    assert.deepEqual(Array.from(test.labels), [6, 1]);
    const at = (5 * 32 + 7) * 3;
    assert.deepEqual(Array.from(test.images.subarray(at, at + 3)), [1, -1, Math.fround(51 / 127.5 - 1)]);
  });

  it('reads the five training files in order, every pixel in NHWC', () => {
    const train = loadCifar10(dir, 'train');
    assert.equal(train.name, 'cifar10');
    assert.equal(train.split, 'train');
    assert.equal(train.size, 15);
    assert.equal(train.numClasses, 10);
    assert.equal(train.images.length, 15 * 32 * 32 * 3);
    assert.deepEqual(Array.from(train.labels), [0, 3, 9, 1, 4, 8, 2, 5, 7, 3, 6, 6, 4, 7, 5]);
    for (let n = 0; n < 15; n++) {
      const file = trainFiles[Math.floor(n / 3)];
      for (let y = 0; y < 32; y++) {
        for (let x = 0; x < 32; x++) {
          for (let c = 0; c < 3; c++) {
            const expected = Math.fround(planarByte(file, n % 3, y, x, c) / 127.5 - 1);
            assert.equal(train.images[((n * 32 + y) * 32 + x) * 3 + c], expected);
          }
        }
      }
    }
  });

  it('keeps the first examples under a limit, across a file boundary', () => {
    const full = loadCifar10(dir, 'train');
    const limited = loadCifar10(dir, 'train', { limit: 4 });
    assert.equal(limited.size, 4);
    assert.deepEqual(limited.labels, full.labels.subarray(0, 4));
    assert.deepEqual(limited.images, full.images.subarray(0, 4 * 3072));
  });

  it('names a missing directory and missing files', () => {
    const missing = join(root, 'nowhere');
    assertUserError(() => loadCifar10(missing, 'train'), missing, /directory not found; expected .*data_batch_1\.bin/);
    const partial = join(root, 'partial');
    mkdirSync(partial);
    writeFileSync(join(partial, 'data_batch_1.bin'), records([1], 1));
    assertUserError(() => loadCifar10(partial, 'train'), join(partial, 'data_batch_2.bin'), /missing .*data_batch_5\.bin/);
    assertUserError(() => loadCifar10(partial, 'test'), join(partial, 'test_batch.bin'), /missing/);
  });

  it('rejects a file that is not whole records', () => {
    const bad = join(root, 'bad-size');
    mkdirSync(bad);
    writeFileSync(join(bad, 'test_batch.bin'), records([1, 2], 3).subarray(0, 2 * RECORD - 1));
    assertUserError(() => loadCifar10(bad, 'test'), join(bad, 'test_batch.bin'), /6145 bytes is not a whole number of records; expected .*3073 bytes/);
    writeFileSync(join(bad, 'test_batch.bin'), Buffer.alloc(0));
    assertUserError(() => loadCifar10(bad, 'test'), join(bad, 'test_batch.bin'), /0 bytes/);
  });

  it('rejects labels outside 0..9', () => {
    const bad = join(root, 'bad-label');
    mkdirSync(bad);
    writeFileSync(join(bad, 'test_batch.bin'), records([3, 10], 4));
    assertUserError(() => loadCifar10(bad, 'test'), join(bad, 'test_batch.bin'), /label 10 in record 1/);
  });
});
