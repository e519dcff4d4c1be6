import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { stockWasmKernel, type WasmKernelFunc } from '../wasmKernelContext';

/**
 * Tile for the wasm backend with block copies. The stock kernel computes a source index per
 * output element (17 ms to tile [1,1,1,32] to [64,14,14,32], as batch-norm gradients do).
 * Here each axis, innermost first, is written once and then repeated with
 * `copyWithin` on the wasm heap (a memmove), so the cost is a few bulk copies.
 */
export const tile: WasmKernelFunc = (args) => {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as tf.TensorInfo;
  const reps = (attrs as unknown as tf.TileAttrs).reps;
  if (x.dtype === 'string') return stockWasmKernel(tf.Tile)(args);
  const shape = x.shape;
  const outShape = shape.map((d, i) => d * reps[i]);
  const out = backend.makeOutput(outShape, x.dtype);
  if (tf.util.sizeFromShape(outShape) === 0) return out;
  if (shape.length === 0) {
    view(backend, out).set(view(backend, x));
    return out;
  }
  const src = view(backend, x);
  const dst = view(backend, out);
  const srcStrides = strides(shape);
  const dstStrides = strides(outShape);
  const rank = shape.length;
  // Writes the tile of x starting at srcOff into dst at dstOff for axes >= axis.
  const write = (axis: number, srcOff: number, dstOff: number): void => {
    const n = shape[axis];
    if (axis === rank - 1) {
      dst.set(src.subarray(srcOff, srcOff + n), dstOff);
    } else {
      for (let i = 0; i < n; i++) write(axis + 1, srcOff + i * srcStrides[axis], dstOff + i * dstStrides[axis]);
    }
    repeat(dst, dstOff, n * (axis === rank - 1 ? 1 : dstStrides[axis]), reps[axis]);
  };
  write(0, 0, 0);
  return out;
};

function view(backend: BackendWasm, info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array {
  return backend.typedArrayFromHeap(info) as Float32Array | Int32Array | Uint8Array;
}

function strides(shape: number[]): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    s[i] = acc;
    acc *= shape[i];
  }
  return s;
}

/** dst[off + len·k .. off + len·(k+1)) = dst[off .. off + len) for k < times, by doubling. */
function repeat(dst: Float32Array | Int32Array | Uint8Array, off: number, len: number, times: number): void {
  let done = 1;
  while (done < times) {
    const now = Math.min(done, times - done);
    dst.copyWithin(off + done * len, off, off + now * len);
    done += now;
  }
}
