import * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { allocF32, free, heapF32, runWasm } from '../wasmKernelContext';
import { convGeometry } from '../convGeometry';

/**
 * Conv2DBackpropInput as one XNNPACK MatMul plus a col2im scatter-add.
 *
 * dx[n, oh·s + kh − padTop, ow·s + kw − padLeft, ci] += Σ_co dy[n,oh,ow,co] · W[kh,kw,ci,co]
 * The sums over co for all (kh,kw,ci) at once are the product
 *   cols[P, KH·KW·Ci] = dy[P, Co] · Wᵀ[Co, KH·KW·Ci]   (P = N·OH·OW)
 * which runs on the fast non-transposed MatMul path (Wᵀ is materialised first; it is small).
 * A JS loop then adds each row of cols into its KH x KW window of dx. Good when Ci is small:
 * the product then has few columns per tap, where a Conv2D would be a skinny GEMM.
 */
export function backpropInputCol2Im(
  backend: BackendWasm,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const { n, ih, iw, ci, oh, ow, co, kh, kw, sh, sw, top, left } = convGeometry(info);
  const kk = kh * kw * ci;
  const p = n * oh * ow;

  const wt = allocF32(backend, [1, co, kk]);
  {
    const w = heapF32(backend, filter);
    const t = heapF32(backend, wt);
    for (let j = 0; j < kk; j++) for (let o = 0; o < co; o++) t[o * kk + j] = w[j * co + o];
  }
  const dy3 = { dataId: dy.dataId, shape: [1, p, co], dtype: dy.dtype };
  const cols = runWasm(backend, tf.BatchMatMul, { a: dy3, b: wt }, { transposeA: false, transposeB: false });
  const dx = allocF32(backend, [n, ih, iw, ci]);
  const d = heapF32(backend, dx);
  const c = heapF32(backend, cols);
  d.fill(0);
  let q = 0;
  for (let b = 0; b < n; b++) {
    for (let y = 0; y < oh; y++) {
      for (let x = 0; x < ow; x++) {
        for (let a = 0; a < kh; a++) {
          const r = y * sh + a - top;
          if (r < 0 || r >= ih) {
            q += kw * ci;
            continue;
          }
          const rowBase = (b * ih + r) * iw;
          for (let e = 0; e < kw; e++) {
            const s = x * sw + e - left;
            if (s < 0 || s >= iw) {
              q += ci;
              continue;
            }
            const o = (rowBase + s) * ci;
            for (let i = 0; i < ci; i++) d[o + i] += c[q++];
          }
        }
      }
    }
  }
  free(backend, wt, cols);
  return dx;
}
