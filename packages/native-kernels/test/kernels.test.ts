import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadNativeKernels, type ConvShape, type NativeKernels } from '../src/index';

function kernels(): NativeKernels {
  const load = loadNativeKernels();
  assert.ok(load.ok, load.ok ? '' : load.reason);
  return load.kernels;
}

const random = (n: number) => Float32Array.from({ length: n }, () => Math.random() * 2 - 1);

/** max |got - want| / max |want|, want in float64. */
function relativeError(got: Float32Array, want: Float64Array): number {
  let diff = 0;
  let scale = 0;
  want.forEach((w, i) => {
    diff = Math.max(diff, Math.abs(got[i] - w));
    scale = Math.max(scale, Math.abs(w));
  });
  return diff / scale;
}

/** Input index read by output (n, oy, ox) through filter tap (kh, kw), or -1 in the padding. */
function tap(s: ConvShape, n: number, oy: number, ox: number, kh: number, kw: number): number {
  const iy = oy * s.sh + kh - s.pt;
  const ix = ox * s.sw + kw - s.pl;
  return iy < 0 || iy >= s.H || ix < 0 || ix >= s.W ? -1 : ((n * s.H + iy) * s.W + ix) * s.Ci;
}

/** Float64 convolution and both gradients by the definition (the reference). */
function reference(s: ConvShape, x: Float32Array, f: Float32Array, dy: Float32Array) {
  const y = new Float64Array(s.N * s.Ho * s.Wo * s.Co);
  const dx = new Float64Array(x.length);
  const df = new Float64Array(f.length);
  for (let n = 0; n < s.N; n++)
    for (let oy = 0; oy < s.Ho; oy++)
      for (let ox = 0; ox < s.Wo; ox++)
        for (let kh = 0; kh < s.KH; kh++)
          for (let kw = 0; kw < s.KW; kw++) {
            const xi = tap(s, n, oy, ox, kh, kw);
            if (xi < 0) continue;
            const out = ((n * s.Ho + oy) * s.Wo + ox) * s.Co;
            for (let ci = 0; ci < s.Ci; ci++) {
              const fi = ((kh * s.KW + kw) * s.Ci + ci) * s.Co;
              for (let co = 0; co < s.Co; co++) {
                y[out + co] += x[xi + ci] * f[fi + co];
                dx[xi + ci] += dy[out + co] * f[fi + co];
                df[fi + co] += x[xi + ci] * dy[out + co];
              }
            }
          }
  return { y, dx, df };
}

function shape(N: number, H: number, W: number, Ci: number, KH: number, KW: number, Co: number, sh: number, sw: number, pt: number, pl: number, pb: number, pr: number): ConvShape {
  return { N, H, W, Ci, KH, KW, Co, sh, sw, pt, pl, Ho: Math.floor((H + pt + pb - KH) / sh) + 1, Wo: Math.floor((W + pl + pr - KW) / sw) + 1 };
}

const SHAPES: ConvShape[] = [
  shape(3, 7, 7, 1, 3, 3, 4, 1, 1, 1, 1, 1, 1),
  shape(2, 9, 5, 8, 2, 4, 6, 3, 2, 0, 1, 1, 2), // non-square filter, anisotropic strides, uneven padding
  shape(4, 14, 14, 32, 5, 5, 64, 2, 2, 1, 1, 2, 2), // DCGAN D layer 2 ('same' at stride 2): K = 800 > one depth block
  shape(5, 28, 28, 1, 5, 5, 32, 2, 2, 1, 1, 2, 2), // one input channel; 980 output pixels > one row block
  shape(2, 6, 6, 3, 3, 3, 70, 1, 1, 0, 0, 0, 0), // more output channels than one panel, not a multiple of it
  shape(9, 4, 4, 2, 4, 4, 3, 1, 1, 0, 0, 0, 0), // 1x1 output: every patch is the whole image
];

test('conv2d and both gradients match a float64 reference over strides, paddings and channel counts', () => {
  const k = kernels();
  for (const s of SHAPES) {
    const x = random(s.N * s.H * s.W * s.Ci);
    const f = random(s.KH * s.KW * s.Ci * s.Co);
    const dy = random(s.N * s.Ho * s.Wo * s.Co);
    const want = reference(s, x, f, dy);
    const y = new Float32Array(want.y.length).fill(Number.NaN);
    const dx = new Float32Array(x.length).fill(Number.NaN);
    const df = new Float32Array(f.length).fill(Number.NaN);
    k.conv2d(s, x, f, y, 2);
    k.conv2dBackpropInput(s, dy, f, dx, 2);
    k.conv2dBackpropFilter(s, x, dy, df, 2);
    const label = JSON.stringify(s);
    assert.ok(relativeError(y, want.y) < 1e-5, `conv2d ${label}: ${relativeError(y, want.y)}`);
    assert.ok(relativeError(dx, want.dx) < 1e-5, `backprop input ${label}: ${relativeError(dx, want.dx)}`);
    assert.ok(relativeError(df, want.df) < 1e-5, `backprop filter ${label}: ${relativeError(df, want.df)}`);
  }
});

test('results are the same bits for 1, 2, 7 and 100 threads', () => {
  const k = kernels();
  const s = SHAPES[2];
  const x = random(s.N * s.H * s.W * s.Ci);
  const f = random(s.KH * s.KW * s.Ci * s.Co);
  const dy = random(s.N * s.Ho * s.Wo * s.Co);
  const run = (threads: number) => {
    const y = new Float32Array(dy.length);
    const dx = new Float32Array(x.length);
    const df = new Float32Array(f.length);
    k.conv2d(s, x, f, y, threads);
    k.conv2dBackpropInput(s, dy, f, dx, threads);
    k.conv2dBackpropFilter(s, x, dy, df, threads);
    return [y, dx, df].map((a) => Array.from(a));
  };
  const one = run(1);
  assert.deepEqual(run(2), one);
  assert.deepEqual(run(7), one);
  // More threads than workers with scratch memory: capped, same bits.
  assert.deepEqual(run(100), one);
});

test('batchMatMul matches float64 over transposes, batch broadcast and sizes off the block grid', () => {
  const k = kernels();
  const cases = [
    { batch: 1, m: 64, n: 3136, k: 64 },
    { batch: 3, m: 37, n: 45, k: 300 }, // depth beyond one packed block
    { batch: 4, m: 1, n: 1, k: 5 },
    { batch: 2, m: 130, n: 33, k: 7 },
    { batch: 1, m: 40, n: 1000, k: 70 }, // few rows: columns split over threads
    { batch: 1, m: 3136, n: 1, k: 64 }, // matrix-vector (a dense layer's weight gradient)
    { batch: 1, m: 64, n: 1, k: 3136 }, // matrix-vector, long rows
    { batch: 3, m: 50, n: 1, k: 37 },
    { batch: 1, m: 64, n: 3136, k: 1 }, // outer product (a dense layer's input gradient)
    { batch: 2, m: 9, n: 11, k: 1 },
  ];
  for (const c of cases)
    for (const transposeA of [false, true])
      for (const transposeB of [false, true])
        for (const broadcastA of [false, true]) {
          const batchStrideA = broadcastA ? 0 : c.m * c.k;
          const batchStrideB = c.k * c.n;
          const a = random((broadcastA ? 1 : c.batch) * c.m * c.k);
          const b = random(c.batch * c.k * c.n);
          const got = new Float32Array(c.batch * c.m * c.n).fill(Number.NaN);
          k.batchMatMul({ ...c, transposeA, transposeB, batchStrideA, batchStrideB }, a, b, got, 2);
          const want = new Float64Array(got.length);
          for (let i = 0; i < c.batch; i++)
            for (let r = 0; r < c.m; r++)
              for (let j = 0; j < c.n; j++) {
                let sum = 0;
                for (let p = 0; p < c.k; p++) {
                  const av = a[i * batchStrideA + (transposeA ? p * c.m + r : r * c.k + p)];
                  const bv = b[i * batchStrideB + (transposeB ? j * c.k + p : p * c.n + j)];
                  sum += av * bv;
                }
                want[(i * c.m + r) * c.n + j] = sum;
              }
          const label = `${JSON.stringify(c)} tA=${transposeA} tB=${transposeB} broadcastA=${broadcastA}`;
          assert.ok(relativeError(got, want) < 1e-5, `${label}: ${relativeError(got, want)}`);
        }
});

test('arrays shorter than the shape says are refused before any native code runs', () => {
  const k = kernels();
  const s = SHAPES[0];
  assert.throws(() => k.conv2d(s, new Float32Array(3), random(36), new Float32Array(1000)), /x: 3 values, expected at least 147/);
  assert.throws(
    () => k.batchMatMul({ batch: 2, m: 2, n: 2, k: 2, transposeA: false, transposeB: false, batchStrideA: 4, batchStrideB: 4 }, random(8), random(8), new Float32Array(7)),
    /c: 7 values, expected at least 8/,
  );
});

test('the addon says which vector instructions it was built for', () => {
  assert.match(kernels().isa, /^(avx512|avx2|sse\/neon)$/);
});
