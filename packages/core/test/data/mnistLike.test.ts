import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { ImageDataset } from '../../src/data/ImageDataset';
import { loadFashionMnist, loadMnist } from '../../src/data/mnistLike';
import { UserError } from '../../src/errors/UserError';
import { assertUserError, idxBytes, pseudoRandomBytes, tempDir } from './fixtures';

const FASHION_DIR = '/usr/share/datasets/fashion-mnist';

function assertRange(dataset: ImageDataset): void {
  let min = Infinity;
  let max = -Infinity;
  for (const v of dataset.images) {
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // Both datasets use the full byte range, so 0 and 255 map exactly onto -1 and 1.
  assert.equal(min, -1);
  assert.equal(max, 1);
}

function classFractions(dataset: ImageDataset): number[] {
  const counts = new Array<number>(dataset.numClasses).fill(0);
  for (const label of dataset.labels) counts[label]++;
  return counts.map((count) => count / dataset.size);
}

function assertShape(dataset: ImageDataset, name: string, split: string, size: number): void {
  assert.equal(dataset.name, name);
  assert.equal(dataset.split, split);
  assert.equal(dataset.size, size);
  assert.deepEqual(dataset.shape, [28, 28, 1]);
  assert.equal(dataset.images.length, size * 28 * 28);
  assert.equal(dataset.labels.length, size);
  assert.equal(dataset.numClasses, 10);
}

describe('embedded MNIST', () => {
  it('loads the 60000 training images in [-1, 1] with a plausible label histogram', () => {
    const train = loadMnist('train');
    assertShape(train, 'mnist', 'train', 60000);
    assertRange(train);
    for (const fraction of classFractions(train)) assert.ok(fraction > 0.05 && fraction < 0.15, `class fraction ${fraction}`);
  });

  it('loads the 10000 test images, and a limit keeps the first ones', () => {
    const test = loadMnist('test');
    assertShape(test, 'mnist', 'test', 10000);
    assertRange(test);
    for (const fraction of classFractions(test)) assert.ok(fraction > 0.05 && fraction < 0.15, `class fraction ${fraction}`);
    // The well-known first test labels: 7 2 1 0 4 1 4 9 5 9.
    assert.deepEqual(Array.from(test.labels.subarray(0, 10)), [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);

    const limited = loadMnist('test', { limit: 100 });
    assertShape(limited, 'mnist', 'test', 100);
    assert.deepEqual(limited.images, test.images.subarray(0, 100 * 784));
    assert.deepEqual(limited.labels, test.labels.subarray(0, 100));
    assert.equal(loadMnist('test', { limit: 20000 }).size, 10000);
  });

  it('rejects a limit that is not a positive integer', () => {
    for (const limit of [0, -3, 2.5]) {
      assert.throws(() => loadMnist('test', { limit }), (err: unknown) => err instanceof UserError && /data\.limit/.test(err.message));
    }
  });
});

describe('Fashion-MNIST', { skip: existsSync(FASHION_DIR) ? false : `${FASHION_DIR} not present (Debian package dataset-fashion-mnist)` }, () => {
  it('loads the gzipped training and test sets, balanced over the 10 classes', () => {
    for (const [split, size] of [['train', 60000], ['test', 10000]] as const) {
      const dataset = loadFashionMnist(FASHION_DIR, split);
      assertShape(dataset, 'fashion-mnist', split, size);
      assertRange(dataset);
      // Fashion-MNIST has exactly as many examples of each class.
      for (const fraction of classFractions(dataset)) assert.equal(fraction, 0.1);
    }
  });
});

describe('MNIST-like directory errors', () => {
  const root = tempDir();
  let n = 0;
  /** A directory with test-split files built from the given dims and labels. */
  function fixture(imageDims: number[], labels: number[], gz = false): string {
    const dir = join(root, `case-${n++}`);
    mkdirSync(dir);
    const size = imageDims.reduce((a, b) => a * b, 1);
    const encode = (bytes: Buffer): Buffer => (gz ? gzipSync(bytes) : bytes);
    const suffix = gz ? '.gz' : '';
    writeFileSync(join(dir, `t10k-images-idx3-ubyte${suffix}`), encode(idxBytes(imageDims, pseudoRandomBytes(size, n))));
    writeFileSync(join(dir, `t10k-labels-idx1-ubyte${suffix}`), encode(idxBytes([labels.length], Uint8Array.from(labels))));
    return dir;
  }

  it('loads a small valid directory, plain or gzipped, with pixels scaled x/127.5 - 1', () => {
    for (const gz of [false, true]) {
      const dir = fixture([3, 28, 28], [0, 9, 4], gz);
      const dataset = loadFashionMnist(dir, 'test');
      assert.equal(dataset.size, 3);
      assert.deepEqual(Array.from(dataset.labels), [0, 9, 4]);
      const pixels = pseudoRandomBytes(3 * 784, n);
      assert.equal(dataset.images[1000], Math.fround(pixels[1000] / 127.5 - 1));
    }
  });

  it('names the directory when it does not exist', () => {
    const missing = join(root, 'nowhere');
    assertUserError(() => loadFashionMnist(missing, 'train'), missing, /directory not found/);
  });

  it('names the missing file', () => {
    const dir = fixture([2, 28, 28], [1, 2]);
    assertUserError(() => loadFashionMnist(dir, 'train'), dir, /neither train-images-idx3-ubyte nor train-images-idx3-ubyte\.gz/);
  });

  it('rejects image and label counts that disagree', () => {
    const dir = fixture([3, 28, 28], [1, 2]);
    assertUserError(() => loadFashionMnist(dir, 'test'), join(dir, 't10k-labels-idx1-ubyte'), /2 labels but .* has 3 images/);
  });

  it('rejects images that are not 28x28', () => {
    const dir = fixture([2, 32, 32], [1, 2]);
    assertUserError(() => loadFashionMnist(dir, 'test'), join(dir, 't10k-images-idx3-ubyte'), /\[2, 32, 32\]; expected .* \[N, 28, 28\]/);
    const flat = fixture([2, 784], [1, 2]);
    assertUserError(() => loadFashionMnist(flat, 'test'), join(flat, 't10k-images-idx3-ubyte'), /\[2, 784\]/);
  });

  it('rejects labels outside 0..9', () => {
    const dir = fixture([3, 28, 28], [1, 10, 2]);
    assertUserError(() => loadFashionMnist(dir, 'test'), join(dir, 't10k-labels-idx1-ubyte'), /label 10 at index 1; expected labels 0\.\.9/);
  });

  it('loads MNIST from a given directory too', () => {
    const dir = fixture([2, 28, 28], [3, 5]);
    const dataset = loadMnist('test', { dir });
    assert.equal(dataset.name, 'mnist');
    assert.deepEqual(Array.from(dataset.labels), [3, 5]);
  });
});
