import seedrandom from 'seedrandom';

/** Serialized state of every stream, as stored in checkpoints. */
export type RandomStreamsState = Record<string, object>;

/**
 * One seeded pseudo-random stream (xor4096 via `seedrandom`), with a state that
 * can be saved and restored exactly so that a resumed run draws the same numbers.
 */
export class RandomStream {
  private readonly prng: seedrandom.prng;

  constructor(seed: string, state?: object) {
    this.prng = seedrandom.xor4096(seed, { state: state ?? true }) as seedrandom.prng;
  }

  /** Uniform in [0, 1), 53 bits. */
  uniform(): number {
    return this.prng.double();
  }

  /** Standard normal by Box-Muller (no cached second value, so the state is just the PRNG's). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** A 32-bit seed for tfjs ops and initializers that take a numeric seed. */
  seed32(): number {
    return this.prng.int32() >>> 0;
  }

  fillNormal(length: number): Float32Array {
    const out = new Float32Array(length);
    for (let i = 0; i < length; i++) out[i] = this.normal();
    return out;
  }

  fillUniform(length: number, low = -1, high = 1): Float32Array {
    const out = new Float32Array(length);
    for (let i = 0; i < length; i++) out[i] = low + (high - low) * this.uniform();
    return out;
  }

  /** In-place Fisher-Yates shuffle. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  state(): object {
    return this.prng.state();
  }
}

/**
 * The run's random numbers, split into named independent streams derived from one seed.
 * Separate streams keep experiments comparable: a plugin drawing from its own stream
 * (e.g. `plugin:jacobian-clamp`) does not shift the latent batches or the data order
 * that a baseline run without that plugin sees.
 */
export class RandomStreams {
  private readonly streams = new Map<string, RandomStream>();

  constructor(
    readonly seed: number,
    private readonly restored: RandomStreamsState = {},
  ) {}

  /** The stream of that name, created on first use (from the checkpoint state if there is one). */
  get(name: string): RandomStream {
    let stream = this.streams.get(name);
    if (!stream) {
      stream = new RandomStream(`${this.seed}/${name}`, this.restored[name]);
      this.streams.set(name, stream);
    }
    return stream;
  }

  state(): RandomStreamsState {
    const out: RandomStreamsState = { ...this.restored };
    for (const [name, stream] of this.streams) out[name] = stream.state();
    return out;
  }
}
