import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadDataset } from '../../src/data/loadDataset';
import { UserError } from '../../src/errors/UserError';

describe('loadDataset', () => {
  it('loads embedded MNIST without a path', () => {
    const dataset = loadDataset({ dataset: 'mnist', split: 'test', limit: 50 });
    assert.equal(dataset.name, 'mnist');
    assert.equal(dataset.size, 50);
  });

  it('requires a path for the datasets that are not embedded', () => {
    assert.throws(
      () => loadDataset({ dataset: 'cifar10', split: 'train' }),
      new UserError('data.path: required for dataset "cifar10" (a directory with data_batch_1.bin ...)'),
    );
    assert.throws(
      () => loadDataset({ dataset: 'fashion-mnist', split: 'train' }),
      new UserError('data.path: required for dataset "fashion-mnist" (a directory with train-images-idx3-ubyte(.gz) ...)'),
    );
  });

  it('passes the path to the fashion-mnist and cifar10 loaders', () => {
    for (const dataset of ['fashion-mnist', 'cifar10'] as const) {
      assert.throws(
        () => loadDataset({ dataset, path: '/no/such/dir', split: 'test' }),
        (err: unknown) => err instanceof UserError && err.message.startsWith('/no/such/dir: directory not found'),
      );
    }
  });

  it('rejects an unknown dataset from an unvalidated config', () => {
    const spec = JSON.parse('{"dataset": "svhn", "split": "train"}');
    assert.throws(() => loadDataset(spec), (err: unknown) => err instanceof UserError && /unknown dataset "svhn"/.test(err.message));
  });
});
