import * as tf from '@tensorflow/tfjs-core';
import { free, runWasm, type WasmKernelFunc } from '../../wasmKernelContext';
import type { NativeKernelChoice } from '../../NativeKernelChoice';
import { fusedMatMul } from '../batchMatMul';
import { nativeBatchMatMul } from './nativeBatchMatMul';

/**
 * _FusedMatMul (a dense layer outside a tape: sampling, evaluation, the generator forward of
 * the discriminator update) with a linear activation: the native product, then the stock
 * bias add. XNNPACK repacks the weights on every call because they change after every
 * optimizer step (3.4 ms for 64x64 by 64x3136 against 0.3 ms). Other activations keep the
 * XNNPACK-based kernel.
 */
export function nativeFusedMatMul(native: NativeKernelChoice): WasmKernelFunc {
  const matMul = nativeBatchMatMul(native);
  return (args) => {
    const { inputs, backend, attrs } = args;
    const { a, b, bias } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo; bias?: tf.TensorInfo };
    const { activation } = attrs as unknown as tf._FusedMatMulAttrs;
    if (activation !== 'linear' || (bias && bias.dtype !== 'float32')) return fusedMatMul(args);
    const product = matMul({ inputs: { a, b }, backend, attrs });
    if (!bias) return product;
    const out = runWasm(backend, tf.Add, { a: product, b: bias });
    free(backend, product);
    return out;
  };
}
