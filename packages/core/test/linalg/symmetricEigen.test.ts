import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserError } from '../../src/errors/UserError';
import { symmetricEigen, symmetricEigenvalues } from '../../src/linalg/symmetricEigen';

// References are built independently of the solver: A = Q diag(λ) Qᵀ with known λ and Q a
// product of random Householder reflections, closed forms, and hand-worked cases.

function gaussian(): number {
  return Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
}

/** Orthogonal Q = H₁ H₂ … H_m from random reflections H = I − 2 u uᵀ/(uᵀu). */
function randomOrthogonal(n: number, reflections = 4): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  for (let r = 0; r < reflections; r++) {
    const u = Float64Array.from({ length: n }, gaussian);
    const uu = u.reduce((s, x) => s + x * x, 0);
    for (let i = 0; i < n; i++) {
      let qu = 0;
      for (let k = 0; k < n; k++) qu += q[i * n + k] * u[k];
      for (let j = 0; j < n; j++) q[i * n + j] -= (2 * qu * u[j]) / uu;
    }
  }
  return q;
}

function withSpectrum(values: number[]): Float64Array {
  const n = values.length;
  const q = randomOrthogonal(n);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q[i * n + k] * values[k] * q[j * n + k];
      a[i * n + j] = s;
    }
  }
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) a[i * n + j] = a[j * n + i];
  return a;
}

const descending = (values: number[]) => [...values].sort((x, y) => y - x);

function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, label: string): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  for (let i = 0; i < expected.length; i++) {
    assert.ok(Math.abs(actual[i] - expected[i]) <= tolerance, `${label}[${i}]: ${actual[i]} vs ${expected[i]} (tolerance ${tolerance})`);
  }
}

/** max |A v_j − λ_j v_j| and max |VᵀV − I|. */
function residuals(a: Float64Array, n: number, values: Float64Array, vectors: Float64Array) {
  let residual = 0;
  let orthogonality = 0;
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      let av = 0;
      for (let k = 0; k < n; k++) av += a[i * n + k] * vectors[k * n + j];
      residual = Math.max(residual, Math.abs(av - values[j] * vectors[i * n + j]));
    }
    for (let l = 0; l < n; l++) {
      let dot = 0;
      for (let k = 0; k < n; k++) dot += vectors[k * n + j] * vectors[k * n + l];
      orthogonality = Math.max(orthogonality, Math.abs(dot - (j === l ? 1 : 0)));
    }
  }
  return { residual, orthogonality };
}

test('recovers a known spectrum of Q diag(λ) Qᵀ, eigenvalues only and with vectors', () => {
  for (const n of [3, 8, 33, 90]) {
    const lambda = Array.from({ length: n }, () => gaussian() * 5);
    const a = withSpectrum(lambda);
    const expected = descending(lambda);
    const tolerance = 1e-11 * n * Math.max(...lambda.map(Math.abs));
    assertClose(symmetricEigenvalues(a, n), expected, tolerance, `eigenvalues n=${n}`);
    const { values, vectors } = symmetricEigen(a, n);
    assertClose(values, expected, tolerance, `values n=${n}`);
    const { residual, orthogonality } = residuals(a, n, values, vectors);
    assert.ok(residual < tolerance, `n=${n}: residual ${residual}`);
    assert.ok(orthogonality < 1e-12 * n, `n=${n}: orthogonality ${orthogonality}`);
  }
});

test('2x2 matches the closed form', () => {
  for (let trial = 0; trial < 20; trial++) {
    const [p, q, r] = [gaussian(), gaussian(), gaussian()];
    const mean = (p + r) / 2;
    const radius = Math.sqrt(((p - r) / 2) ** 2 + q * q);
    const a = Float64Array.of(p, q, q, r);
    assertClose(symmetricEigenvalues(a, 2), [mean + radius, mean - radius], 1e-14, '2x2');
    const { values, vectors } = symmetricEigen(a, 2);
    // Eigenvector of the larger eigenvalue is ∝ (q, λ₁ − p); compare up to sign.
    const norm = Math.hypot(q, values[0] - p);
    const sign = Math.sign(vectors[0] * q + vectors[2] * (values[0] - p));
    assertClose([sign * vectors[0], sign * vectors[2]], [q / norm, (values[0] - p) / norm], 1e-12, '2x2 vector');
  }
});

test('hand-worked 3x3 tridiagonal Toeplitz matrix: 2 + √2, 2, 2 − √2', () => {
  const a = Float64Array.of(2, -1, 0, -1, 2, -1, 0, -1, 2);
  assertClose(symmetricEigenvalues(a, 3), [2 + Math.SQRT2, 2, 2 - Math.SQRT2], 1e-14, 'toeplitz');
  const { vectors } = symmetricEigen(a, 3);
  // The middle eigenvector is (1, 0, −1)/√2 up to sign.
  const s = Math.sign(vectors[1]);
  assertClose([s * vectors[1], s * vectors[4], s * vectors[7]], [Math.SQRT1_2, 0, -Math.SQRT1_2], 1e-14, 'middle vector');
});

test('1x1, diagonal and already-tridiagonal inputs', () => {
  assertClose(symmetricEigenvalues(Float64Array.of(-3.5), 1), [-3.5], 0, '1x1');
  const diagonal = [4, -1, 7, 0.5, 2];
  const a = new Float64Array(25);
  diagonal.forEach((x, i) => (a[i * 5 + i] = x));
  assertClose(symmetricEigenvalues(a, 5), descending(diagonal), 1e-15, 'diagonal');
  const { values, vectors } = symmetricEigen(a, 5);
  const { residual, orthogonality } = residuals(a, 5, values, vectors);
  assert.ok(residual < 1e-14 && orthogonality < 1e-14);
});

test('repeated eigenvalues keep an orthonormal eigenbasis', () => {
  const lambda = [3, 3, 3, 1, 1, -2, -2, -2, -2, 0.5];
  const a = withSpectrum(lambda);
  const { values, vectors } = symmetricEigen(a, lambda.length);
  assertClose(values, descending(lambda), 1e-12, 'repeated');
  const { residual, orthogonality } = residuals(a, lambda.length, values, vectors);
  assert.ok(residual < 1e-12, `residual ${residual}`);
  assert.ok(orthogonality < 1e-12, `orthogonality ${orthogonality}`);
});

test('rank-deficient PSD matrix X Xᵀ has n − r (numerically) zero eigenvalues', () => {
  const n = 40;
  const r = 7;
  const x = Float64Array.from({ length: n * r }, gaussian);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let k = 0; k < r; k++) s += x[i * r + k] * x[j * r + k];
      a[i * n + j] = s;
    }
  }
  const values = symmetricEigenvalues(a, n);
  let trace = 0;
  for (let i = 0; i < n; i++) trace += a[i * n + i];
  const sum = values.reduce((s, v) => s + v, 0);
  assert.ok(Math.abs(sum - trace) < 1e-11 * trace, 'eigenvalues sum to the trace');
  for (let i = 0; i < r; i++) assert.ok(values[i] > 1e-3, `values[${i}] = ${values[i]} should be positive`);
  for (let i = r; i < n; i++) assert.ok(Math.abs(values[i]) < 1e-12 * values[0], `values[${i}] = ${values[i]} should be ~0`);
});

test('large and tiny scales are handled without overflow or underflow', () => {
  const lambda = [5, 2, -1, 0.25];
  for (const scale of [1e-200, 1e200]) {
    const a = withSpectrum(lambda).map((v) => v * scale);
    assertClose(
      Array.from(symmetricEigenvalues(a, 4), (v) => v / scale),
      descending(lambda),
      1e-13,
      `scale ${scale}`,
    );
  }
});

test('input is not modified; bad input is rejected with a clear error', () => {
  const a = withSpectrum([1, 2, 3, 4]);
  const copy = a.slice();
  symmetricEigen(a, 4);
  symmetricEigenvalues(a, 4);
  assert.deepEqual(a, copy);
  assert.throws(() => symmetricEigenvalues(a, 3), (e: unknown) => e instanceof UserError && /16 entries, expected n\*n = 9/.test(e.message));
  const asymmetric = a.slice();
  asymmetric[1] += 0.5;
  assert.throws(() => symmetricEigen(asymmetric, 4), (e: unknown) => e instanceof UserError && /not symmetric: a\[0\]\[1\]/.test(e.message));
  const withNaN = a.slice();
  withNaN[5] = NaN;
  assert.throws(() => symmetricEigenvalues(withNaN, 4), (e: unknown) => e instanceof UserError && /entry 5 is NaN/.test(e.message));
});

test('the zero matrix has zero eigenvalues and the identity as eigenvectors', () => {
  const { values, vectors } = symmetricEigen(new Float64Array(9), 3);
  assert.deepEqual(Array.from(values), [0, 0, 0]);
  assert.deepEqual(Array.from(vectors), [1, 0, 0, 0, 1, 0, 0, 0, 1]);
});
