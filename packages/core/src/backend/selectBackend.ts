import { pruneFusedOpGradients } from '../autodiff/pruneFusedOpGradients';
import { registerComparisonGradients } from '../autodiff/registerComparisonGradients';
import { registerLeakyReluGradient } from '../autodiff/registerLeakyReluGradient';
import { registerSaturatingActivationGradients } from '../autodiff/registerSaturatingActivationGradients';
import { UserError } from '../errors/UserError';
import type { BackendInfo, BackendName, BackendRequest } from './BackendInfo';
import type { BackendLoad } from './BackendLoad';
import { NATIVE_BACKENDS, NATIVE_PACKAGE_VERSION } from './nativeBackends';
import { loadNativeBackend } from './loadNativeBackend';
import { loadWasmBackend, WASM_PACKAGE } from './loadWasmBackend';
import type { NativeKernelOptions } from './wasm/chooseNativeKernels';
import { loadCpuBackend, CPU_PACKAGE } from './loadCpuBackend';

interface Candidate {
  name: BackendName;
  packageName: string;
  installHint: string;
  load: () => Promise<BackendLoad>;
}

function candidates(resolveFrom?: string, wasmThreads?: number, nativeKernels?: NativeKernelOptions): Candidate[] {
  return [
    ...NATIVE_BACKENDS.map((b) => ({
      name: b.name,
      packageName: b.packageName,
      installHint: `npm install ${b.packageName}@${NATIVE_PACKAGE_VERSION} (${b.requirements})`,
      load: () => loadNativeBackend(b, resolveFrom),
    })),
    { name: 'wasm', packageName: WASM_PACKAGE, installHint: `npm install ${WASM_PACKAGE}`, load: () => loadWasmBackend(wasmThreads, nativeKernels) },
    { name: 'cpu', packageName: CPU_PACKAGE, installHint: `npm install ${CPU_PACKAGE}`, load: loadCpuBackend },
  ];
}

/**
 * Chooses and activates the tensor backend.
 *
 * `auto` tries, fastest first, @tensorflow/tfjs-node-gpu, @tensorflow/tfjs-node (optional
 * peer dependencies), the wasm backend, then cpu, and records why each faster one was
 * passed over. cpu is only reached when wasm cannot load. An explicit request that cannot
 * load throws a UserError naming the backend, the package to install and the loader's
 * error: there is no silent fallback. When wasm is chosen, the wasm training kernels are
 * registered. On every backend, fused ops under a tape compute only the gradients asked for,
 * LeakyReLU's gradient takes one element-wise kernel, and tanh's and sigmoid's gradients can
 * be differentiated again.
 *
 * `resolveFrom` is the directory the optional native packages are resolved from (default:
 * this package's location); tests point it at a directory with throwaway fake packages.
 * `wasmThreads` > 1 starts the wasm backend's multi-threaded build (see withThreadedWasmShims);
 * it takes effect only when wasm first starts in the process. `nativeKernels` says whether the
 * wasm backend runs its heavy kernels (convolutions, matmuls, batch norm, activations, Adam) with
 * @gancond/native-kernels (default: when installed).
 */
export async function selectBackend(
  request: BackendRequest,
  options: { resolveFrom?: string; wasmThreads?: number; nativeKernels?: NativeKernelOptions } = {},
): Promise<BackendInfo> {
  registerComparisonGradients();
  pruneFusedOpGradients();
  registerLeakyReluGradient();
  registerSaturatingActivationGradients();
  const all = candidates(options.resolveFrom, options.wasmThreads, options.nativeKernels);
  if (request !== 'auto') {
    const c = all.find((x) => x.name === request);
    if (c == null) {
      throw new UserError(`Unknown backend '${String(request)}': use auto, ${all.map((x) => x.name).join(', ')}`);
    }
    const load = await c.load();
    if (!load.ok) {
      throw new UserError(
        `Backend '${c.name}' was requested but could not be loaded: ${load.reason}. ` +
          `To use it, install ${c.packageName}: ${c.installHint}; or choose --backend auto.`,
      );
    }
    return { name: c.name, tfjsBackend: load.tfjsBackend, version: load.version, threads: load.threads, kernels: load.kernels, warning: load.warning, reason: 'requested explicitly', passedOver: [] };
  }
  const passedOver: BackendInfo['passedOver'] = [];
  for (const c of all) {
    const load = await c.load();
    if (load.ok) {
      const reason =
        passedOver.length === 0
          ? `auto: ${c.packageName} is the fastest backend and it loaded`
          : `auto: fastest backend that loaded (${passedOver.map((p) => p.name).join(', ')} unavailable)`;
      return { name: c.name, tfjsBackend: load.tfjsBackend, version: load.version, threads: load.threads, kernels: load.kernels, warning: load.warning, reason, passedOver };
    }
    passedOver.push({ name: c.name, reason: load.reason });
  }
  throw new UserError(
    `No tensor backend could be loaded: ${passedOver.map((p) => `${p.name}: ${p.reason}`).join('; ')}`,
  );
}
