import * as os from 'node:os';

/** The wasm backend's thread count when the config names none: every core, at most 4 (XNNPACK gains little past that at these sizes). */
export function defaultWasmThreads(): number {
  return Math.min(4, os.availableParallelism());
}
