import { statSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../errors/UserError';
import { byteToUnit, type ImageDataset, type Split } from './ImageDataset';
import { limitedCount, type LoadOptions } from './LoadOptions';
import { readDataFile, requireDirectory } from './userFiles';

const SIDE = 32;
const PLANE = SIDE * SIDE;
const PIXELS = 3 * PLANE;
/** One label byte, then the R, G and B planes, each 32x32 row-major. */
const RECORD = 1 + PIXELS;
const NUM_CLASSES = 10;
const FILES: Record<Split, string[]> = {
  train: ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'],
  test: ['test_batch.bin'],
};
const EXPECTED_DIR = 'the CIFAR-10 binary version directory (cifar-10-batches-bin) with data_batch_1.bin .. data_batch_5.bin and test_batch.bin';
const EXPECTED_FILE = `CIFAR-10 binary records of ${RECORD} bytes (1 label byte + ${PIXELS} bytes of R, G, B planes 32x32)`;

/** Record count of each batch file, checked up front so a bad file fails before any decoding. */
function countRecords(paths: string[], dir: string): number[] {
  const stats = paths.map((path) => statSync(path, { throwIfNoEntry: false }));
  const missing = paths.filter((_, f) => !stats[f]?.isFile());
  if (missing.length > 0) {
    throw new UserError(`${dir}: missing ${missing.join(', ')}; expected ${EXPECTED_DIR}`);
  }
  return paths.map((path, f) => {
    const bytes = stats[f]!.size;
    if (bytes === 0 || bytes % RECORD !== 0) {
      throw new UserError(`${path}: ${bytes} bytes is not a whole number of records; expected ${EXPECTED_FILE}`);
    }
    return bytes / RECORD;
  });
}

/**
 * CIFAR-10 (binary version) from a directory, as NHWC images. With a limit, only the
 * batch files needed for the first `limit` examples are read.
 */
export function loadCifar10(dir: string, split: Split, options: LoadOptions = {}): ImageDataset {
  requireDirectory(dir, EXPECTED_DIR);
  const paths = FILES[split].map((file) => join(dir, file));
  const counts = countRecords(paths, dir);
  const size = limitedCount(counts.reduce((a, b) => a + b, 0), options);
  const images = new Float32Array(size * PIXELS);
  const labels = new Uint8Array(size);
  let n = 0;
  for (let f = 0; f < paths.length && n < size; f++) {
    const bytes = readDataFile(paths[f], EXPECTED_FILE);
    for (let r = 0; r < counts[f] && n < size; r++, n++) {
      const record = r * RECORD;
      const label = bytes[record];
      if (label >= NUM_CLASSES) {
        throw new UserError(`${paths[f]}: label ${label} in record ${r}; expected labels 0..${NUM_CLASSES - 1}`);
      }
      labels[n] = label;
      // Planar (CHW) on disk to interleaved (HWC) in memory.
      const out = n * PIXELS;
      for (let p = 0; p < PLANE; p++) {
        for (let c = 0; c < 3; c++) {
          images[out + 3 * p + c] = byteToUnit(bytes[record + 1 + c * PLANE + p]);
        }
      }
    }
  }
  return { name: 'cifar10', split, shape: [SIDE, SIDE, 3], size, images, labels, numClasses: NUM_CLASSES };
}
