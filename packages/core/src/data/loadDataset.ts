import { UserError } from '../errors/UserError';
import { loadCifar10 } from './cifar10';
import type { ImageDataset, Split } from './ImageDataset';
import { loadFashionMnist, loadMnist } from './mnistLike';

export type DatasetName = 'mnist' | 'fashion-mnist' | 'cifar10';

/** What an experiment's `data` section asks for. */
export interface DatasetSpec {
  dataset: DatasetName;
  /** Directory with the dataset's files; required except for MNIST, which is embedded. */
  path?: string;
  split: Split;
  limit?: number;
}

const PATH_HINT: Record<Exclude<DatasetName, 'mnist'>, string> = {
  'fashion-mnist': 'a directory with train-images-idx3-ubyte(.gz) ...',
  cifar10: 'a directory with data_batch_1.bin ...',
};

function requirePath(spec: DatasetSpec & { dataset: Exclude<DatasetName, 'mnist'> }): string {
  if (!spec.path) {
    throw new UserError(`data.path: required for dataset "${spec.dataset}" (${PATH_HINT[spec.dataset]})`);
  }
  return spec.path;
}

/** Loads the dataset an experiment names; MNIST comes from the embedded copy unless a path is given. */
export function loadDataset(spec: DatasetSpec): ImageDataset {
  const options = { limit: spec.limit };
  switch (spec.dataset) {
    case 'mnist':
      return loadMnist(spec.split, { ...options, dir: spec.path });
    case 'fashion-mnist':
      return loadFashionMnist(requirePath({ ...spec, dataset: spec.dataset }), spec.split, options);
    case 'cifar10':
      return loadCifar10(requirePath({ ...spec, dataset: spec.dataset }), spec.split, options);
    default: {
      // Reachable from untyped input (a config file not validated by the schema).
      const unknown: never = spec.dataset;
      throw new UserError(`data.dataset: unknown dataset "${String(unknown)}"; expected mnist, fashion-mnist or cifar10`);
    }
  }
}
