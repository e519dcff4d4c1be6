import * as tf from '@tensorflow/tfjs-core';
import { heapF32, type WasmKernelFunc } from '../../wasmKernelContext';
import type { NativeKernelChoice } from '../../NativeKernelChoice';
import { batchMatMul, matMulDims } from '../batchMatMul';

/**
 * BatchMatMul on the wasm heap by the native SGEMM, which reads transposed operands in place
 * through their strides (no transpose copies) and broadcasts a batch of one. Batches that
 * broadcast in other ways, and non-float32 operands, keep the XNNPACK-based kernel.
 */
export function nativeBatchMatMul({ kernels, threads }: NativeKernelChoice): WasmKernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    const { transposeA, transposeB } = attrs as unknown as tf.BatchMatMulAttrs;
    const { m, k, n, batchA, batchB } = matMulDims(a, b, transposeA, transposeB);
    const outerShape = tf.backend_util.assertAndGetBroadcastShape(a.shape.slice(0, -2), b.shape.slice(0, -2));
    const batch = tf.util.sizeFromShape(outerShape);
    const simpleBatch = (batchA === batch || batchA === 1) && (batchB === batch || batchB === 1);
    if (a.dtype !== 'float32' || b.dtype !== 'float32' || !simpleBatch) return batchMatMul(args);
    const c = backend.makeOutput([...outerShape, m, n], 'float32');
    const shape = {
      batch,
      m,
      n,
      k,
      transposeA,
      transposeB,
      batchStrideA: batchA === 1 ? 0 : m * k,
      batchStrideB: batchB === 1 ? 0 : k * n,
    };
    kernels.batchMatMul(shape, heapF32(backend, a), heapF32(backend, b), heapF32(backend, c), threads);
    return c;
  };
}
