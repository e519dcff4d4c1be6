import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BatchSampler, type BatchSamplerState } from '../../src/data/BatchSampler';
import type { ImageDataset } from '../../src/data/ImageDataset';
import { RandomStream } from '../../src/random/RandomStreams';
import { UserError } from '../../src/errors/UserError';

/** A dataset of 2x2 one-channel images whose four pixels all hold the example's index. */
function indexDataset(size: number): ImageDataset {
  const images = new Float32Array(size * 4);
  for (let i = 0; i < images.length; i++) images[i] = Math.floor(i / 4);
  return { name: 'indices', split: 'train', shape: [2, 2, 1], size, images, labels: new Uint8Array(size), numClasses: 10 };
}

/** The example indices in a batch, checking every pixel of each image agrees. */
function indices(batch: Float32Array): number[] {
  const out: number[] = [];
  for (let b = 0; b < batch.length / 4; b++) {
    const image = Array.from(batch.subarray(4 * b, 4 * b + 4));
    assert.deepEqual(image, [image[0], image[0], image[0], image[0]]);
    out.push(image[0]);
  }
  return out;
}

function draw(sampler: BatchSampler, batches: number): number[][] {
  return Array.from({ length: batches }, () => indices(sampler.next()));
}

describe('BatchSampler', () => {
  const dataset = indexDataset(10);

  it('is deterministic for a seed, and different seeds give different orders', () => {
    const a = draw(new BatchSampler(dataset, 3, new RandomStream('seed-a')), 12);
    const again = draw(new BatchSampler(dataset, 3, new RandomStream('seed-a')), 12);
    const b = draw(new BatchSampler(dataset, 3, new RandomStream('seed-b')), 12);
    assert.deepEqual(again, a);
    assert.notDeepEqual(b, a);
  });

  it('shows every example exactly once per epoch when the batch size divides the dataset', () => {
    const sampler = new BatchSampler(indexDataset(12), 4, new RandomStream('once'));
    const orders: number[][] = [];
    for (let epoch = 0; epoch < 5; epoch++) {
      const seen = draw(sampler, 3).flat();
      assert.deepEqual([...seen].sort((x, y) => x - y), Array.from({ length: 12 }, (_, i) => i));
      assert.equal(sampler.state().epoch, epoch);
      orders.push(seen);
    }
    // Reshuffled each epoch: five epochs in the same order would be a 1-in-12!^4 event.
    assert.ok(orders.some((order) => JSON.stringify(order) !== JSON.stringify(orders[0])));
  });

  it('drops the incomplete last batch and never repeats an example within an epoch', () => {
    const sampler = new BatchSampler(dataset, 3, new RandomStream('drop'));
    const everSeen = new Set<number>();
    for (let epoch = 0; epoch < 20; epoch++) {
      const seen = draw(sampler, 3).flat();
      assert.equal(new Set(seen).size, 9);
      seen.forEach((i) => everSeen.add(i));
    }
    // A different example is left out each epoch, so over many epochs all are used.
    assert.equal(everSeen.size, 10);
  });

  it('resumes from a saved state with exactly the batches of the uninterrupted run', () => {
    const seed = 'resume';
    const uninterrupted = draw(new BatchSampler(dataset, 3, new RandomStream(seed)), 10);
    // Interrupt after every possible batch: mid-epoch, at an epoch's end, just after a boundary.
    for (let k = 0; k <= 9; k++) {
      const stream = new RandomStream(seed);
      const sampler = new BatchSampler(dataset, 3, stream);
      assert.deepEqual(draw(sampler, k), uninterrupted.slice(0, k));
      // Round-trip through JSON like a checkpoint does.
      const saved = JSON.parse(JSON.stringify({ sampler: sampler.state(), stream: stream.state() }));
      const restored = new BatchSampler(dataset, 3, new RandomStream(seed, saved.stream), saved.sampler as BatchSamplerState);
      assert.deepEqual(draw(restored, 10 - k), uninterrupted.slice(k), `resumed after ${k} batches`);
    }
  });

  it('keeps its state small: the permutation is replayed, not stored', () => {
    const big = indexDataset(60000);
    const sampler = new BatchSampler(big, 64, new RandomStream('big'));
    sampler.next();
    assert.ok(JSON.stringify(sampler.state()).length < 5000);
  });

  it('rejects a stream that was not restored with the state', () => {
    const sampler = new BatchSampler(dataset, 3, new RandomStream('s'));
    sampler.next();
    assert.throws(() => new BatchSampler(dataset, 3, new RandomStream('s'), sampler.state()), /random stream was not restored/);
  });

  it('rejects resuming with a dataset of another size', () => {
    const stream = new RandomStream('s');
    const state = new BatchSampler(dataset, 3, stream).state();
    assert.throws(
      () => new BatchSampler(indexDataset(11), 3, new RandomStream('s', stream.state()), state),
      (err: unknown) => err instanceof UserError && /saved for 10 examples but indices train now has 11/.test(err.message),
    );
  });

  it('rejects batch sizes that are not 1..size', () => {
    for (const batchSize of [0, 2.5, 11]) {
      assert.throws(
        () => new BatchSampler(dataset, batchSize, new RandomStream('s')),
        (err: unknown) => err instanceof UserError && err.message.startsWith(`batch size ${batchSize} is not allowed`),
      );
    }
  });

  it('returns copies that do not alias the dataset', () => {
    const sampler = new BatchSampler(dataset, 10, new RandomStream('copy'));
    sampler.next().fill(-7);
    assert.ok(!dataset.images.includes(-7));
    assert.deepEqual(indices(sampler.next()).sort((x, y) => x - y), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});
