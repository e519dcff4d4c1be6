import os from 'node:os';
import type { NativeKernelChoice } from './NativeKernelChoice';

export const NATIVE_KERNELS_PACKAGE = '@gancond/native-kernels';

/** How the wasm backend may use @gancond/native-kernels (config `nativeKernels`, `nativeThreads`). */
export interface NativeKernelOptions {
  mode: 'auto' | 'off';
  /** Default: every core. */
  threads?: number;
}

/** The choice, and one line for logs and summary.json saying what runs the heavy kernels (convolutions, matmuls, batch norm, activations, Adam) and why. */
export interface NativeKernelDecision {
  choice: NativeKernelChoice | null;
  description: string;
}

/**
 * Loads the optional @gancond/native-kernels (an optional dependency, compiled from C++ at
 * install; absent where no compiler was available) unless turned off.
 */
export function chooseNativeKernels(options: NativeKernelOptions = { mode: 'auto' }): NativeKernelDecision {
  if (options.mode === 'off') return { choice: null, description: 'XNNPACK (native kernels off in the config)' };
  let pkg: typeof import('@gancond/native-kernels');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    pkg = require(NATIVE_KERNELS_PACKAGE) as typeof import('@gancond/native-kernels');
  } catch {
    return { choice: null, description: `XNNPACK (${NATIVE_KERNELS_PACKAGE} is not installed)` };
  }
  const load = pkg.loadNativeKernels();
  if (!load.ok) return { choice: null, description: `XNNPACK (${NATIVE_KERNELS_PACKAGE}: ${load.reason})` };
  const threads = options.threads ?? os.availableParallelism();
  return {
    choice: { kernels: load.kernels, threads },
    description: `${NATIVE_KERNELS_PACKAGE} (${load.kernels.isa}, ${threads} thread${threads === 1 ? '' : 's'}) for convolutions, matmuls, batch norm, activations and Adam`,
  };
}
