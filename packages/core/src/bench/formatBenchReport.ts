import type { MemorySeries } from './MemoryProbe';
import type { BenchResult } from './runBenchmark';

/** Kernels listed by name in the report; the rest are summed into one line. */
const TOP_KERNELS = 10;

const round = (value: number, digits = 1) => Number(value.toFixed(digits));
const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const percent = (share: number) => `${(100 * share).toFixed(1)}%`;

/**
 * The one-line machine-readable result: backend, model, batch, jc, msPerStep (median),
 * steps (timed), then heavyKernels (wasm: what ran convolutions, matmuls, batch norm, Adam and
 * activations), warm-up, memory over the timed steps and the top kernel shares.
 */
export function benchJsonLine(result: BenchResult): string {
  const { settings, memory, profile } = result;
  return JSON.stringify({
    backend: result.backend.name,
    model: settings.model,
    batch: settings.batch,
    jc: settings.jc,
    msPerStep: round(result.msPerStep),
    steps: settings.steps,
    heavyKernels: result.backend.kernels ?? null,
    warmup: settings.warmup,
    tensors: memory.tensors,
    wasmHeapBytes: memory.wasmHeapBytes,
    kernels: profile?.kernels.slice(0, TOP_KERNELS).map((k) => ({ name: k.name, share: round(k.share, 4) })) ?? null,
  });
}

/** The human-readable report: what ran, ms/step, the kernel shares, memory flatness. */
export function benchReport(result: BenchResult): string {
  const { settings, backend, memory, profile, stepMs } = result;
  const lines = [
    `model: ${settings.model} (width ${settings.width}, latent ${settings.latentDim}), data: ${result.data}`,
    `backend: ${backend.name} ${backend.version}, batch ${settings.batch}, Jacobian Clamping ${settings.jc ? 'on (default options)' : 'off'}`,
    ...(backend.kernels ? [`heavy kernels: ${backend.kernels}`] : []),
    `steps: ${settings.warmup} warm-up (not timed), ${settings.steps} timed${profile ? ', 1 profiled' : ''}`,
    `ms/step: ${result.msPerStep.toFixed(1)} (median of ${stepMs.length}; min ${Math.min(...stepMs).toFixed(1)}, max ${Math.max(...stepMs).toFixed(1)})`,
  ];
  if (profile) {
    lines.push(
      '',
      `kernel time in the profiled step: ${profile.kernelMs.toFixed(1)} ms of ${profile.stepMs.toFixed(1)} ms wall ` +
        `(${percent(profile.kernelMs / profile.stepMs)}; the rest is JavaScript between kernels and profiling overhead)`,
      `  ${'kernel'.padEnd(24)} ${'ms'.padStart(8)} ${'share'.padStart(7)} ${'calls'.padStart(6)}`,
    );
    const row = (name: string, ms: number, share: number, calls: number) =>
      `  ${name.padEnd(24)} ${ms.toFixed(1).padStart(8)} ${percent(share).padStart(7)} ${String(calls).padStart(6)}`;
    for (const k of profile.kernels.slice(0, TOP_KERNELS)) lines.push(row(k.name, k.ms, k.share, k.calls));
    const rest = profile.kernels.slice(TOP_KERNELS);
    if (rest.length > 0) {
      const sum = (f: (k: (typeof rest)[number]) => number) => rest.reduce((s, k) => s + f(k), 0);
      lines.push(row(`(${rest.length} others)`, sum((k) => k.ms), sum((k) => k.share), sum((k) => k.calls)));
    }
  }
  const flat = (s: MemorySeries) => (s.flat ? 'flat' : `NOT flat: changed after step${s.changedAt.length > 1 ? 's' : ''} ${s.changedAt.join(', ')}`);
  const heap = memory.wasmHeapBytes
    ? `; wasm heap ${mib(memory.wasmHeapBytes.first)} -> ${mib(memory.wasmHeapBytes.last)} (${flat(memory.wasmHeapBytes)})`
    : '';
  lines.push(
    '',
    `memory over the ${memory.steps} timed steps: tensors ${memory.tensors.first} -> ${memory.tensors.last} (${flat(memory.tensors)})${heap}`,
  );
  return lines.join('\n');
}
