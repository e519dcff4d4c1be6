import type { BackendLoad } from './BackendLoad';
import { activateBackend, errorMessage } from './activateBackend';

export const CPU_PACKAGE = '@tensorflow/tfjs-backend-cpu';

/** Brings up the pure-JS cpu backend: always works, about 30x slower than wasm for training. */
export async function loadCpuBackend(): Promise<BackendLoad> {
  let version: string;
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    version = (require(CPU_PACKAGE) as typeof import('@tensorflow/tfjs-backend-cpu')).version_cpu;
  } catch (err) {
    return { ok: false, installed: false, reason: `${CPU_PACKAGE} failed to load: ${errorMessage(err)}` };
  }
  const active = await activateBackend('cpu');
  if (!active.ok) return { ok: false, installed: true, reason: `${CPU_PACKAGE}: ${active.reason}` };
  return { ok: true, tfjsBackend: 'cpu', version };
}
