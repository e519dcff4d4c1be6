import type { BackendLoad } from './BackendLoad';
import { activateBackend, errorMessage } from './activateBackend';
import { registerWasmTrainingKernels } from './wasm/registerWasmTrainingKernels';

export const WASM_PACKAGE = '@tensorflow/tfjs-backend-wasm';

/**
 * Brings up tfjs-backend-wasm (XNNPACK, SIMD) and registers gancond's training kernels on it
 * (Conv2DBackpropFilter, fast Conv2DBackpropInput, ...), without which conv layers cannot train.
 */
export async function loadWasmBackend(): Promise<BackendLoad> {
  let version: string;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    version = (require(WASM_PACKAGE) as typeof import('@tensorflow/tfjs-backend-wasm')).version_wasm;
  } catch (err) {
    return { ok: false, installed: false, reason: `${WASM_PACKAGE} failed to load: ${errorMessage(err)}` };
  }
  const active = await activateBackend('wasm');
  if (!active.ok) return { ok: false, installed: true, reason: `${WASM_PACKAGE}: ${active.reason}` };
  registerWasmTrainingKernels();
  return { ok: true, tfjsBackend: 'wasm', version };
}
