import * as tf from '@tensorflow/tfjs-core';
import type { BackendLoad } from './BackendLoad';
import { withThreadedWasmShims } from './wasm/withThreadedWasmShims';
import { activateBackend, errorMessage } from './activateBackend';
import { registerWasmTrainingKernels } from './wasm/registerWasmTrainingKernels';
import { chooseNativeKernels, type NativeKernelOptions } from './wasm/chooseNativeKernels';

export const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm';

/**
 * Brings up tfjs-backend-wasm (XNNPACK, SIMD; with `threads` > 1 its multi-threaded build) and
 * registers gancond's training kernels on it (Conv2DBackpropFilter, fast Conv2DBackpropInput,
 * ...), without which conv layers cannot train; with @gancond/native-kernels installed (and
 * not turned off), convolutions and matmuls run natively on the wasm heap.
 */
export async function loadWasmBackend(threads = 1, native?: NativeKernelOptions): Promise<BackendLoad> {
  let wasm: typeof import('@tensorflow/tfjs-backend-wasm');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    wasm = require(WASM_PACKAGE) as typeof import('@tensorflow/tfjs-backend-wasm');
  } catch (err) {
    return { ok: false, installed: false, reason: `${WASM_PACKAGE} failed to load: ${errorMessage(err)}` };
  }
  // The thread count is fixed when the backend first starts in a process.
  const starting = !('wasm' in tf.engine().registry);
  let threadedFailure: string | undefined;
  if (starting && threads > 1) {
    const threaded = await startThreaded(wasm, threads);
    if (threaded.ok) return ready(wasm, native);
    // The multi-threaded build depends on tfjs internals; if it cannot start, train single-threaded.
    threadedFailure = `the multi-threaded build did not start (${threaded.reason}); running single-threaded`;
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  }
  const active = await activateBackend('wasm');
  if (!active.ok) return { ok: false, installed: true, reason: `${WASM_PACKAGE}: ${active.reason}` };
  return { ...ready(wasm, native), ...(threadedFailure && { warning: threadedFailure }) };
}

async function startThreaded(wasm: typeof import('@tensorflow/tfjs-backend-wasm'), threads: number) {
  wasm.setThreadsCount(threads);
  try {
    return await withThreadedWasmShims(threads, () => activateBackend('wasm'));
  } catch (err) {
    return { ok: false as const, reason: errorMessage(err) };
  }
}

function ready(wasm: typeof import('@tensorflow/tfjs-backend-wasm'), native?: NativeKernelOptions): BackendLoad {
  const { choice, description } = chooseNativeKernels(native);
  registerWasmTrainingKernels(choice);
  return { ok: true, tfjsBackend: 'wasm', version: wasm.version_wasm, threads: wasm.getThreadsCount(), kernels: description };
}
