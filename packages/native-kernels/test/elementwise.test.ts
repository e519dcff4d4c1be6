import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadNativeKernels, type NativeKernels } from '../src/index';

function kernels(): NativeKernels {
  const load = loadNativeKernels();
  assert.ok(load.ok, load.ok ? '' : load.reason);
  return load.kernels;
}

/** Values in (-4, 4) with exact zeros and both signs' tiny values mixed in; a length off every chunk and vector width. */
function activations(n: number): Float32Array {
  const x = Float32Array.from({ length: n }, () => (Math.random() * 2 - 1) * 4);
  for (let i = 0; i < n; i += 97) x[i] = 0;
  for (let i = 5; i < n; i += 101) x[i] = (i % 2 ? 1 : -1) * 1e-30;
  return x;
}

const SIZES = [1, 7, 16411, 200003];

test('leakyRelu and its gradient are exactly x or alpha * x (dy or alpha * dy), for slopes inside and outside [0, 1]', () => {
  const k = kernels();
  for (const n of SIZES) {
    for (const alpha of [0.2, 0, 1.5, -0.3]) {
      const [x, dy] = [activations(n), activations(n)];
      const [y, dx] = [new Float32Array(n), new Float32Array(n)];
      k.leakyRelu(x, alpha, y, 2);
      k.leakyReluGrad(dy, x, alpha, dx, 2);
      const a = Math.fround(alpha);
      for (let i = 0; i < n; i++) {
        assert.equal(y[i], x[i] > 0 ? x[i] : Math.fround(a * x[i]), `n ${n} alpha ${alpha}: y[${i}] for x ${x[i]}`);
        assert.equal(dx[i], x[i] > 0 ? dy[i] : Math.fround(a * dy[i]), `n ${n} alpha ${alpha}: dx[${i}] for x ${x[i]}`);
      }
    }
  }
});

test("tanh is within 2 float32 ulps of float64 Math.tanh (the bound glibc's tanhf documents), and saturates without NaN", () => {
  const k = kernels();
  for (const n of SIZES) {
    const x = activations(n);
    x[0] = 50;
    if (n > 1) x[1] = -50;
    const y = new Float32Array(n);
    k.tanh(x, y, 2);
    x.forEach((v, i) => assert.ok(Math.abs(y[i] - Math.tanh(v)) <= 2 ** -22 * Math.max(Math.abs(Math.tanh(v)), 2 ** -126), `tanh(${v}) = ${y[i]}, float64 ${Math.tanh(v)}`));
  }
});

test('element-wise kernels give the same bits for 1, 2 and 7 threads and refuse arrays of different lengths', () => {
  const k = kernels();
  const n = 300001;
  const [x, dy] = [activations(n), activations(n)];
  const run = (threads: number) => {
    const [y, dx, t] = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
    k.leakyRelu(x, 0.2, y, threads);
    k.leakyReluGrad(dy, x, 0.2, dx, threads);
    k.tanh(x, t, threads);
    return [y, dx, t];
  };
  const one = run(1);
  for (const threads of [2, 7]) run(threads).forEach((a, i) => assert.deepEqual(a, one[i], `${threads} threads, output ${i}`));
  assert.throws(() => k.leakyReluGrad(dy, x.subarray(1), 0.2, new Float32Array(n)), /x: 300000 values, expected 300001 \(as dy\)/);
});
