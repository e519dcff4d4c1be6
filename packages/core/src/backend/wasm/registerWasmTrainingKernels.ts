import * as tf from '@tensorflow/tfjs-core';
import { captureStockWasmKernel, stockWasmKernel, type WasmKernelFunc, type WasmMultiOutputKernelFunc } from './wasmKernelContext';
import type { NativeKernelChoice } from './NativeKernelChoice';
import { conv2DBackpropFilter } from './kernels/conv2DBackpropFilter';
import { conv2DBackpropInput } from './kernels/conv2DBackpropInput';
import { batchMatMul, fusedMatMul } from './kernels/batchMatMul';
import { identity } from './kernels/identity';
import { tile } from './kernels/tile';
import { mean, sum } from './kernels/reduceLeadingAxes';
import { leakyRelu } from './kernels/leakyRelu';
import { nativeConv2D } from './kernels/native/nativeConv2D';
import { nativeConv2DBackpropInput } from './kernels/native/nativeConv2DBackpropInput';
import { nativeConv2DBackpropFilter } from './kernels/native/nativeConv2DBackpropFilter';
import { nativeBatchMatMul } from './kernels/native/nativeBatchMatMul';
import { nativeFusedMatMul } from './kernels/native/nativeFusedMatMul';
import { nativeBatchNormTraining } from './kernels/native/nativeBatchNormTraining';
import { nativeBatchNormTrainingGrad } from './kernels/native/nativeBatchNormTrainingGrad';
import { BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD } from '../../ops/batchNormTraining';
import { registerBatchNormTrainingGradient } from '../../autodiff/registerBatchNormTrainingGradient';
import { LEAKY_RELU_GRAD } from '../../autodiff/registerLeakyReluGradient';
import { nativeLeakyRelu } from './kernels/native/nativeLeakyRelu';
import { nativeLeakyReluGrad } from './kernels/native/nativeLeakyReluGrad';
import { nativeTanh } from './kernels/native/nativeTanh';
import { nativeAdamUpdate } from './kernels/native/nativeAdamUpdate';
import { ADAM_UPDATE } from '../../trainer/FusedAdamOptimizer';

interface KernelEntry {
  kernelName: string;
  kernelFunc: WasmKernelFunc | WasmMultiOutputKernelFunc;
}

/** The kernels we (re)register on the wasm backend, built on its XNNPACK primitives. */
export const WASM_TRAINING_KERNELS: ReadonlyArray<KernelEntry> = [
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

/** Kernels only the native package provides (without it, the ops they serve compose stock kernels). */
const NATIVE_ONLY = [BATCH_NORM_TRAINING, BATCH_NORM_TRAINING_GRAD, LEAKY_RELU_GRAD, ADAM_UPDATE];

/** Stock kernels only the native package replaces: without it, the stock ones run again. */
const NATIVE_REPLACES_STOCK = [tf.Conv2D, tf.Tanh];

/**
 * With @gancond/native-kernels: the GEMM-bound kernels that it runs instead (falling back to
 * the above), fused batch normalization, threaded element-wise activations, and Adam's
 * update as one kernel per parameter tensor.
 */
function nativeTrainingKernels(native: NativeKernelChoice): KernelEntry[] {
  return [
    { kernelName: BATCH_NORM_TRAINING, kernelFunc: nativeBatchNormTraining(native) },
    { kernelName: BATCH_NORM_TRAINING_GRAD, kernelFunc: nativeBatchNormTrainingGrad(native) },
    { kernelName: tf.Conv2D, kernelFunc: nativeConv2D(native) },
    { kernelName: tf.Conv2DBackpropInput, kernelFunc: nativeConv2DBackpropInput(native) },
    { kernelName: tf.Conv2DBackpropFilter, kernelFunc: nativeConv2DBackpropFilter(native) },
    { kernelName: tf.BatchMatMul, kernelFunc: nativeBatchMatMul(native) },
    { kernelName: tf._FusedMatMul, kernelFunc: nativeFusedMatMul(native) },
    { kernelName: tf.LeakyRelu, kernelFunc: nativeLeakyRelu(native) },
    { kernelName: LEAKY_RELU_GRAD, kernelFunc: nativeLeakyReluGrad(native) },
    { kernelName: tf.Tanh, kernelFunc: nativeTanh(native) },
    { kernelName: ADAM_UPDATE, kernelFunc: nativeAdamUpdate(native) },
  ];
}

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
  tf.Add,
  tf.Tanh,
];

let registeredWith: NativeKernelChoice | null | undefined;

/**
 * Registers training kernels for the 'wasm' backend that tfjs-backend-wasm lacks
 * (Conv2DBackpropFilter) or runs slowly (Conv2DBackpropInput, ...), built from the
 * backend's own fast XNNPACK primitives; with `native` (the optional
 * @gancond/native-kernels), convolutions, their gradients and matmuls run natively on
 * the wasm heap instead, batch normalization in training as one fused kernel each way, and
 * LeakyReLU (with its gradient), tanh and Adam's update threaded. Registering again with the
 * same choice does nothing. Requires `@tensorflow/tfjs-backend-wasm` to have been imported
 * (its kernels registered).
 */
export function registerWasmTrainingKernels(native: NativeKernelChoice | null = null): void {
  const same = registeredWith !== undefined && registeredWith?.kernels === native?.kernels && registeredWith?.threads === native?.threads;
  if (same) return;
  for (const name of BUILDING_BLOCKS) captureStockWasmKernel(name);
  const entries = new Map(WASM_TRAINING_KERNELS.map((e) => [e.kernelName, e]));
  for (const name of NATIVE_REPLACES_STOCK) entries.set(name, { kernelName: name, kernelFunc: stockWasmKernel(name) });
  if (native) {
    registerBatchNormTrainingGradient();
    for (const e of nativeTrainingKernels(native)) entries.set(e.kernelName, e);
  } else {
    for (const name of NATIVE_ONLY) if (tf.getKernel(name, 'wasm') != null) tf.unregisterKernel(name, 'wasm');
  }
  for (const { kernelName, kernelFunc } of entries.values()) {
    if (tf.getKernel(kernelName, 'wasm') != null) tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc: kernelFunc as unknown as tf.KernelFunc });
  }
  registeredWith = native;
}
