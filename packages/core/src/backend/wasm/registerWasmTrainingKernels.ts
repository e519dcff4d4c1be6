import * as tf from '@tensorflow/tfjs-core';
import { captureStockWasmKernel, type WasmKernelFunc } from './wasmKernelContext';
import { conv2DBackpropFilter } from './kernels/conv2DBackpropFilter';
import { conv2DBackpropInput } from './kernels/conv2DBackpropInput';
import { batchMatMul, fusedMatMul } from './kernels/batchMatMul';
import { identity } from './kernels/identity';
import { tile } from './kernels/tile';
import { mean, sum } from './kernels/reduceLeadingAxes';
import { leakyRelu } from './kernels/leakyRelu';

/** The kernels we (re)register on the wasm backend, in registration order. */
export const WASM_TRAINING_KERNELS: ReadonlyArray<{ kernelName: string; kernelFunc: WasmKernelFunc }> = [
  { kernelName: tf.Conv2DBackpropFilter, kernelFunc: conv2DBackpropFilter },
  { kernelName: tf.Conv2DBackpropInput, kernelFunc: conv2DBackpropInput },
  { kernelName: tf.BatchMatMul, kernelFunc: batchMatMul },
  { kernelName: tf._FusedMatMul, kernelFunc: fusedMatMul },
  { kernelName: tf.Tile, kernelFunc: tile },
  { kernelName: tf.Identity, kernelFunc: identity },
  { kernelName: tf.Sum, kernelFunc: sum },
  { kernelName: tf.Mean, kernelFunc: mean },
  { kernelName: tf.LeakyRelu, kernelFunc: leakyRelu },
];

/** Stock wasm kernels our kernels build on (captured before any replacement). */
const BUILDING_BLOCKS = [
  tf.Conv2D,
  tf.Transpose,
  tf.Slice,
  tf.Conv2DBackpropInput,
  tf.BatchMatMul,
  tf._FusedMatMul,
  tf.Tile,
  tf.Identity,
  tf.Sum,
  tf.Mean,
  tf.Step,
  tf.Multiply,
];

let registered = false;

/**
 * Registers training kernels for the 'wasm' backend that tfjs-backend-wasm lacks
 * (Conv2DBackpropFilter) or runs slowly (Conv2DBackpropInput, ...), built from the
 * backend's own fast XNNPACK primitives. Idempotent. Requires
 * `@tensorflow/tfjs-backend-wasm` to have been imported (its kernels registered).
 */
export function registerWasmTrainingKernels(): void {
  if (registered) return;
  for (const name of BUILDING_BLOCKS) captureStockWasmKernel(name);
  for (const { kernelName, kernelFunc } of WASM_TRAINING_KERNELS) {
    if (tf.getKernel(kernelName, 'wasm') != null) tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  }
  registered = true;
}
