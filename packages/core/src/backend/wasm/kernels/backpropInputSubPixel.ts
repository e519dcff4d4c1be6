import type * as tf from '@tensorflow/tfjs-core';
import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import { allocF32, conv2dExplicit, free, heapF32, slice } from '../wasmKernelContext';
import { convGeometry } from '../convGeometry';

/**
 * Conv2DBackpropInput by sub-pixel decomposition onto XNNPACK's stride-1 Conv2D.
 *
 * With ih + padTop = m·s + r (0 ≤ r < s), only filter rows kh ≡ r (mod s) reach dx row ih,
 * from dy rows m, m−1, ...:  dx[ih] = Σ_j dy[m − j] · W[r + j·s]
 * so each of the s_h·s_w output phases (r, c) is a stride-1 conv of the undilated dy with
 * the sub-filter W[r::s, c::s] flipped in both spatial axes and with its channel axes
 * swapped ([kh,kw,ci,co] → [kh,kw,co,ci]), padded by (taps − 1 − m0) (negative → crop dy).
 * The phase outputs are interleaved into dx. Unlike the "insert s−1 zeros into dy"
 * formulation this multiplies no zeros. Stride 1 is the single-phase case (no interleave).
 */
interface Phase {
  /** first phase index m (dy coordinates) whose output row/col lies inside dx */
  m0: number;
  /** number of phase outputs along the axis */
  count: number;
  /** number of filter taps of this phase */
  taps: number;
  /** padding before/after dy for the stride-1 conv (may be negative → crop) */
  before: number;
  after: number;
}

function phaseAxis(r: number, k: number, s: number, pad: number, dxSize: number, dySize: number): Phase {
  const taps = r < k ? Math.ceil((k - r) / s) : 0;
  const m0 = Math.ceil((pad - r) / s);
  const m1 = Math.floor((dxSize - 1 + pad - r) / s);
  const count = Math.max(0, m1 - m0 + 1);
  const before = taps - 1 - m0;
  const after = count + taps - 1 - dySize - before;
  return { m0, count, taps, before, after };
}

export function backpropInputSubPixel(
  backend: BackendWasm,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const { n, ih, iw, ci, oh, ow, co, kh, kw, sh, sw, top, left } = convGeometry(info);

  const rows: Phase[] = [];
  const cols: Phase[] = [];
  for (let r = 0; r < sh; r++) rows.push(phaseAxis(r, kh, sh, top, ih, oh));
  for (let c = 0; c < sw; c++) cols.push(phaseAxis(c, kw, sw, left, iw, ow));

  const singlePhase = sh === 1 && sw === 1;
  let dx: tf.TensorInfo | null = null;
  if (!singlePhase) {
    dx = allocF32(backend, [n, ih, iw, ci]);
    if (rows.some((p) => p.taps === 0) || cols.some((p) => p.taps === 0)) heapF32(backend, dx).fill(0);
  }

  for (let r = 0; r < sh; r++) {
    const pr = rows[r];
    if (pr.count === 0) continue;
    for (let c = 0; c < sw; c++) {
      const pc = cols[c];
      if (pc.count === 0 || pr.taps === 0 || pc.taps === 0) continue;
      const temps: tf.TensorInfo[] = [];
      // Sub-filter: G[a, b, o, i] = W[r + (taps_r−1−a)·sh, c + (taps_c−1−b)·sw, i, o].
      const g = allocF32(backend, [pr.taps, pc.taps, co, ci]);
      temps.push(g);
      {
        const wv = heapF32(backend, filter);
        const gv = heapF32(backend, g);
        let q = 0;
        for (let a = 0; a < pr.taps; a++) {
          const fr = r + (pr.taps - 1 - a) * sh;
          for (let b = 0; b < pc.taps; b++) {
            const fc = c + (pc.taps - 1 - b) * sw;
            const base = (fr * kw + fc) * ci * co;
            for (let o = 0; o < co; o++) {
              for (let i = 0; i < ci; i++) gv[q++] = wv[base + i * co + o];
            }
          }
        }
      }
      // Crop dy where the padding would be negative.
      let src = dy;
      const cropTop = Math.max(0, -pr.before);
      const cropBottom = Math.max(0, -pr.after);
      const cropLeft = Math.max(0, -pc.before);
      const cropRight = Math.max(0, -pc.after);
      if (cropTop || cropBottom || cropLeft || cropRight) {
        src = slice(backend, dy, [0, cropTop, cropLeft, 0], [n, oh - cropTop - cropBottom, ow - cropLeft - cropRight, co]);
        temps.push(src);
      }
      const out = conv2dExplicit(backend, src, g, [
        Math.max(0, pr.before),
        Math.max(0, pr.after),
        Math.max(0, pc.before),
        Math.max(0, pc.after),
      ]);
      if (singlePhase) {
        free(backend, ...temps);
        return out;
      }
      temps.push(out);
      interleave(backend, out, dx!, pr, pc, r - top + pr.m0 * sh, c - left + pc.m0 * sw, sh, sw, n, ih, iw, ci);
      free(backend, ...temps);
    }
  }
  if (dx == null) {
    // stride 1 with nothing to compute (degenerate shapes)
    dx = allocF32(backend, [n, ih, iw, ci]);
    heapF32(backend, dx).fill(0);
  }
  return dx;
}

/** Scatters a phase output [n, pr.count, pc.count, ci] into dx rows row0 + a·sh, cols col0 + b·sw. */
function interleave(
  backend: BackendWasm,
  phase: tf.TensorInfo,
  dx: tf.TensorInfo,
  pr: Phase,
  pc: Phase,
  row0: number,
  col0: number,
  sh: number,
  sw: number,
  n: number,
  ih: number,
  iw: number,
  ci: number,
): void {
  const pv = heapF32(backend, phase);
  const dv = heapF32(backend, dx);
  let p = 0;
  for (let b = 0; b < n; b++) {
    for (let a = 0; a < pr.count; a++) {
      const rowBase = ((b * ih + row0 + a * sh) * iw + col0) * ci;
      const step = sw * ci;
      for (let k = 0; k < pc.count; k++) {
        const o = rowBase + k * step;
        for (let i = 0; i < ci; i++) dv[o + i] = pv[p++];
      }
    }
  }
}
