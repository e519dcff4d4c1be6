import type { BackendRequest } from '../backend/BackendInfo';
import { UserError } from '../errors/UserError';

/** The reference models a benchmark trains (GUIDE §3). */
export const BENCH_MODELS = ['dcgan-mnist', 'dcgan-cifar'] as const;
export type BenchModel = (typeof BENCH_MODELS)[number];

/** What one benchmark measures. */
export interface BenchSettings {
  backend: BackendRequest;
  model: BenchModel;
  batch: number;
  /** Timed steps; the reported time is their median. */
  steps: number;
  /** Steps run first and not timed (kernel set-up, first-call allocations, optimizer slots). */
  warmup: number;
  /** Add Jacobian Clamping (@gancond/plugin-jacobian-clamp, default options). */
  jc: boolean;
  /** Run one more step under tf.profile for the per-kernel shares. */
  profile: boolean;
  /** wasm backend: convolutions and matmuls by @gancond/native-kernels when installed ('auto'), or XNNPACK only ('off'). */
  native: 'auto' | 'off';
  /** Threads of the native kernels (default: every core). */
  nativeThreads?: number;
  /** Channel width and latent size: the reference is 64 and 64; smaller values make quick tests. */
  width: number;
  latentDim: number;
}

export const DEFAULT_BENCH_SETTINGS: BenchSettings = {
  backend: 'auto',
  model: 'dcgan-mnist',
  batch: 64,
  steps: 20,
  warmup: 3,
  jc: false,
  profile: true,
  native: 'auto',
  width: 64,
  latentDim: 64,
};

/** Defaults filled in and every number checked, with errors naming the setting. */
export function benchSettings(options: Partial<BenchSettings>): BenchSettings {
  const settings = { ...DEFAULT_BENCH_SETTINGS, ...options };
  if (!(BENCH_MODELS as readonly string[]).includes(settings.model)) {
    throw new UserError(`model: got "${settings.model}", expected one of ${BENCH_MODELS.join(', ')}`);
  }
  if (settings.native !== 'auto' && settings.native !== 'off') {
    throw new UserError(`native: got ${JSON.stringify(settings.native)}, expected auto or off`);
  }
  const minimum = { batch: 1, steps: 1, warmup: 0, width: 1, latentDim: 1, nativeThreads: 1 } as const;
  for (const [key, min] of Object.entries(minimum) as [keyof typeof minimum, number][]) {
    const value = settings[key];
    if (value === undefined) continue; // nativeThreads: optional
    if (!Number.isInteger(value) || value < min) {
      throw new UserError(`${key}: got ${JSON.stringify(value)}, expected an integer >= ${min}`);
    }
  }
  return settings;
}
