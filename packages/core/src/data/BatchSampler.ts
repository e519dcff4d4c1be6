import { UserError } from '../errors/UserError';
import { RandomStream } from '../random/RandomStreams';
import type { ImageDataset } from './ImageDataset';

/**
 * Where a sampler is in its sequence of batches, small enough for a checkpoint: the
 * permutation is not stored but replayed from the stream state at the start of the epoch.
 */
export interface BatchSamplerState {
  epoch: number;
  /** Index into the epoch's permutation of the next example to hand out. */
  position: number;
  /** Guards against resuming with a different dataset, whose permutation would differ. */
  datasetSize: number;
  streamStateAtEpochStart: object;
}

/**
 * Hands out batches of real images: each epoch is a fresh shuffled permutation of the
 * dataset, the last incomplete batch is dropped so every batch has the same shape.
 *
 * The sampler must be the only user of its stream; then resuming is exact when the
 * stream is restored together with the sampler's state (as a checkpoint of the run's
 * random streams does).
 */
export class BatchSampler {
  private readonly imageLength: number;
  private readonly permutation: Uint32Array;
  private epoch: number;
  private position: number;
  private streamStateAtEpochStart: object;

  constructor(
    private readonly dataset: ImageDataset,
    private readonly batchSize: number,
    private readonly stream: RandomStream,
    state?: BatchSamplerState,
  ) {
    if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > dataset.size) {
      throw new UserError(
        `batch size ${batchSize} is not allowed for ${dataset.name} ${dataset.split} with ${dataset.size} examples; expected an integer from 1 to ${dataset.size}`,
      );
    }
    const [h, w, c] = dataset.shape;
    this.imageLength = h * w * c;
    this.permutation = new Uint32Array(dataset.size);
    if (state) {
      this.restore(state);
      this.epoch = state.epoch;
      this.position = state.position;
      this.streamStateAtEpochStart = state.streamStateAtEpochStart;
    } else {
      this.epoch = 0;
      this.position = 0;
      this.streamStateAtEpochStart = this.shuffle(stream);
    }
  }

  /** The next batch, batchSize*h*w*c values (NHWC), copied out of the dataset. */
  next(): Float32Array {
    if (this.position + this.batchSize > this.dataset.size) {
      this.epoch++;
      this.position = 0;
      this.streamStateAtEpochStart = this.shuffle(this.stream);
    }
    const batch = new Float32Array(this.batchSize * this.imageLength);
    for (let b = 0; b < this.batchSize; b++) {
      const start = this.permutation[this.position + b] * this.imageLength;
      batch.set(this.dataset.images.subarray(start, start + this.imageLength), b * this.imageLength);
    }
    this.position += this.batchSize;
    return batch;
  }

  state(): BatchSamplerState {
    return {
      epoch: this.epoch,
      position: this.position,
      datasetSize: this.dataset.size,
      streamStateAtEpochStart: this.streamStateAtEpochStart,
    };
  }

  /**
   * Shuffles the identity (not the previous epoch's order), so that one stream state is
   * enough to replay an epoch's permutation. Returns the stream state it started from.
   */
  private shuffle(stream: RandomStream): object {
    const start = stream.state();
    for (let i = 0; i < this.permutation.length; i++) this.permutation[i] = i;
    stream.shuffle(this.permutation);
    return start;
  }

  private restore(state: BatchSamplerState): void {
    if (state.datasetSize !== this.dataset.size) {
      throw new UserError(
        `cannot resume the data order: it was saved for ${state.datasetSize} examples but ${this.dataset.name} ${this.dataset.split} now has ${this.dataset.size}; expected the same dataset and limit as the checkpointed run`,
      );
    }
    if (!Number.isInteger(state.epoch) || state.epoch < 0 || !Number.isInteger(state.position) || state.position < 0 || state.position > this.dataset.size) {
      throw new Error(`BatchSampler: invalid saved state (epoch ${state.epoch}, position ${state.position})`);
    }
    // The seed is ignored when a state is given; the replay must not touch the live stream.
    const replay = new RandomStream('batch-sampler-replay', state.streamStateAtEpochStart);
    this.shuffle(replay);
    if (JSON.stringify(replay.state()) !== JSON.stringify(this.stream.state())) {
      throw new Error('BatchSampler: the random stream was not restored to the state saved with the sampler state');
    }
  }
}
