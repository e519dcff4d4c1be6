import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const RECORD_BYTES = 1 + 3 * 32 * 32;

/**
 * Writes `count` random 32x32x3 images, labels 0..9 in turn, as `test_batch.bin` in the
 * CIFAR-10 binary format, so that a benchmark of the CIFAR-shaped model runs through the
 * real CIFAR-10 loader although the dataset itself cannot be downloaded here. Pixel values
 * do not change the work a training step does. Returns the directory to use as `data.path`
 * with `split: test`.
 */
export function writeSyntheticCifar10(dir: string, count: number): string {
  const bytes = randomBytes(count * RECORD_BYTES);
  for (let i = 0; i < count; i++) bytes[i * RECORD_BYTES] = i % 10;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'test_batch.bin'), bytes);
  return dir;
}
