import * as tf from '@tensorflow/tfjs-core';

/**
 * `tf.setBackend(name)`, returning the initialisation error instead of only `false`.
 * tfjs-core reports a failing backend factory only through `console.warn`, so the warnings
 * printed during the switch are captured (and not printed) to become the reason.
 */
export async function activateBackend(name: string): Promise<{ ok: true } | { ok: false; reason: string }> {
  if (tf.findBackendFactory(name) == null) {
    return { ok: false, reason: `no backend named '${name}' is registered with @tensorflow/tfjs-core` };
  }
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => {
    warnings.push(args.map(String).join(' '));
  };
  let success: boolean;
  try {
    success = await tf.setBackend(name);
  } catch (err) {
    return { ok: false, reason: errorMessage(err) };
  } finally {
    console.warn = warn;
  }
  if (success && tf.getBackend() === name) return { ok: true };
  const detail = warnings
    .filter((w) => !w.startsWith('Initialization of backend'))
    .map((w) => w.split('\n')[0])
    .join('; ');
  return { ok: false, reason: `initialisation of backend '${name}' failed${detail ? `: ${detail}` : ''}` };
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
