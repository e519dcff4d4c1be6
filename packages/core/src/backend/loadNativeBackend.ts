import * as tf from '@tensorflow/tfjs-core';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import type { NativeBackend } from './nativeBackends';
import type { BackendLoad } from './BackendLoad';
import { activateBackend, errorMessage } from './activateBackend';

/**
 * Loads an optional native package with `require` (resolved from `resolveFrom`, default:
 * this package's own location, so a peer installed next to @gancond/core is found), then
 * switches tfjs-core to the backend it registered. Distinguishes "not installed"
 * (resolution fails) from "installed but failed to load" (with the loader's message).
 */
export async function loadNativeBackend(backend: NativeBackend, resolveFrom?: string): Promise<BackendLoad> {
  const req = createRequire(path.join(resolveFrom ?? __dirname, '__gancond_resolve__.js'));
  try {
    req.resolve(backend.packageName);
  } catch {
    return { ok: false, installed: false, reason: `${backend.packageName} is not installed` };
  }
  try {
    req(backend.packageName);
  } catch (err) {
    return {
      ok: false,
      installed: true,
      reason: `${backend.packageName} is installed but failed to load: ${errorMessage(err)}`,
    };
  }
  if (tf.findBackendFactory(backend.tfjsBackend) == null) {
    return {
      ok: false,
      installed: true,
      reason:
        `${backend.packageName} loaded but registered no '${backend.tfjsBackend}' backend with this ` +
        `process's @tensorflow/tfjs-core (is a second copy of @tensorflow/tfjs-core installed?)`,
    };
  }
  const active = await activateBackend(backend.tfjsBackend);
  if (!active.ok) {
    // Leave no broken backend registered: tfjs would otherwise try it again on its own.
    tf.removeBackend(backend.tfjsBackend);
    return { ok: false, installed: true, reason: `${backend.packageName} is installed but ${active.reason}` };
  }
  return { ok: true, tfjsBackend: backend.tfjsBackend, version: packageVersion(req, backend.packageName) };
}

function packageVersion(req: NodeJS.Require, packageName: string): string {
  try {
    return String((req(`${packageName}/package.json`) as { version?: unknown }).version ?? 'unknown');
  } catch {
    return 'unknown';
  }
}
