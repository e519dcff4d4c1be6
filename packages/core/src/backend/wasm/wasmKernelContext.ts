import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';

/**
 * Small toolkit for writing wasm kernels out of other wasm kernels: run a kernel of the
 * wasm backend on TensorInfos (no engine bookkeeping, no tape), allocate outputs, view
 * tensor memory on the wasm heap, free intermediates.
 *
 * Kernels that we replace keep their stock implementation reachable through
 * `stockWasmKernel`, captured before the replacement is registered.
 */
export type WasmKernelFunc = (args: {
  inputs: tf.NamedTensorInfoMap;
  backend: BackendWasm;
  attrs?: tf.NamedAttrMap;
}) => tf.TensorInfo;

/** A wasm kernel with several outputs (in the kernel's declared order). */
export type WasmMultiOutputKernelFunc = (args: Parameters<WasmKernelFunc>[0]) => tf.TensorInfo[];

const stock = new Map<string, WasmKernelFunc>();

/** Remembers the wasm backend's own implementation of `kernelName` (first call wins). */
export function captureStockWasmKernel(kernelName: string): void {
  if (stock.has(kernelName)) return;
  const config = tf.getKernel(kernelName, 'wasm');
  if (config == null) throw new Error(`wasm backend has no ${kernelName} kernel to build on`);
  stock.set(kernelName, config.kernelFunc as unknown as WasmKernelFunc);
}

/** The wasm backend's own implementation of `kernelName`, even after we replaced it. */
export function stockWasmKernel(kernelName: string): WasmKernelFunc {
  captureStockWasmKernel(kernelName);
  return stock.get(kernelName)!;
}

/** Runs the stock wasm kernel `kernelName`; the caller owns (and must free) the result. */
export function runWasm(
  backend: BackendWasm,
  kernelName: string,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap = {},
): tf.TensorInfo {
  return stockWasmKernel(kernelName)({ inputs, backend, attrs });
}

/** Frees an intermediate produced inside a kernel. */
export function free(backend: BackendWasm, ...infos: tf.TensorInfo[]): void {
  for (const info of infos) backend.disposeData(info.dataId);
}

/** A new float32 tensor on the wasm heap (uninitialised memory). */
export function allocF32(backend: BackendWasm, shape: number[]): tf.TensorInfo {
  return backend.makeOutput(shape, 'float32');
}

/**
 * A Float32Array view of a tensor's memory. Views go stale when the heap grows, so take
 * them only after every allocation the code needs has been made.
 */
export function heapF32(backend: BackendWasm, info: tf.TensorInfo): Float32Array {
  return backend.typedArrayFromHeap(info) as Float32Array;
}

export function transpose(backend: BackendWasm, x: tf.TensorInfo, perm: number[]): tf.TensorInfo {
  return runWasm(backend, tf.Transpose, { x }, { perm });
}

export function slice(backend: BackendWasm, x: tf.TensorInfo, begin: number[], size: number[]): tf.TensorInfo {
  return runWasm(backend, tf.Slice, { x }, { begin, size });
}

/** Stride-1 NHWC conv2d with explicit padding [top, bottom, left, right] on the fast XNNPACK path. */
export function conv2dExplicit(
  backend: BackendWasm,
  x: tf.TensorInfo,
  filter: tf.TensorInfo,
  pad: [number, number, number, number],
  dilations: [number, number] = [1, 1],
): tf.TensorInfo {
  const explicit: [[number, number], [number, number], [number, number], [number, number]] = [
    [0, 0],
    [pad[0], pad[1]],
    [pad[2], pad[3]],
    [0, 0],
  ];
  return runWasm(
    backend,
    tf.Conv2D,
    { x, filter },
    { strides: [1, 1], pad: explicit as unknown as tf.NamedAttrMap[string], dilations, dataFormat: 'NHWC' },
  );
}
