import { UserError } from '../errors/UserError';
import { accumulateReflectors, tridiagonalize } from './tridiagonalize';
import { tridiagonalQL } from './tridiagonalQL';

/**
 * Float64 symmetric eigensolver: Householder tridiagonalization, then implicit QL.
 * tfjs has neither float64 nor an eigensolver, so this is plain JS on typed arrays.
 */
export interface SymmetricEigenDecomposition {
  /** Eigenvalues, descending. */
  values: Float64Array;
  /** n×n row-major; column j is the unit eigenvector of values[j]. */
  vectors: Float64Array;
}

/** All eigenvalues of the symmetric row-major n×n matrix `a`, descending. `a` is not modified. */
export function symmetricEigenvalues(a: Float64Array, n: number): Float64Array {
  const scale = checkSymmetric(a, n);
  if (scale === 0) return new Float64Array(n);
  const { diagonal, offDiagonal } = tridiagonalize(scaled(a, n, scale), n);
  tridiagonalQL(diagonal, offDiagonal, n);
  const values = diagonal.sort().reverse();
  for (let i = 0; i < n; i++) values[i] *= scale;
  return values;
}

/** Eigenvalues (descending) and orthonormal eigenvectors of the symmetric row-major n×n matrix `a`. */
export function symmetricEigen(a: Float64Array, n: number): SymmetricEigenDecomposition {
  const scale = checkSymmetric(a, n);
  if (scale === 0) {
    const vectors = new Float64Array(n * n);
    for (let i = 0; i < n; i++) vectors[i * n + i] = 1;
    return { values: new Float64Array(n), vectors };
  }
  const reduction = tridiagonalize(scaled(a, n, scale), n);
  const vectorsT = transpose(accumulateReflectors(reduction, n), n);
  const { diagonal, offDiagonal } = reduction;
  tridiagonalQL(diagonal, offDiagonal, n, vectorsT);

  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => diagonal[j] - diagonal[i]);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let j = 0; j < n; j++) {
    const src = order[j];
    values[j] = diagonal[src] * scale;
    const row = src * n;
    for (let r = 0; r < n; r++) vectors[r * n + j] = vectorsT[row + r];
  }
  return { values, vectors };
}

/**
 * Validates shape, finiteness and symmetry; returns max |a_ij|. Working on A / max|a_ij|
 * keeps the Householder norms far from overflow and underflow.
 */
function checkSymmetric(a: Float64Array, n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new UserError(`symmetric eigensolver: n = ${n}, expected a positive integer`);
  if (a.length !== n * n) {
    throw new UserError(`symmetric eigensolver: matrix has ${a.length} entries, expected n*n = ${n * n}`);
  }
  let scale = 0;
  for (let i = 0; i < n * n; i++) {
    const x = Math.abs(a[i]);
    if (!Number.isFinite(x)) throw new UserError(`symmetric eigensolver: entry ${i} is ${a[i]}, expected a finite number`);
    if (x > scale) scale = x;
  }
  const tolerance = 1e-10 * scale;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      if (Math.abs(a[i * n + j] - a[j * n + i]) > tolerance) {
        throw new UserError(
          `symmetric eigensolver: matrix is not symmetric: a[${i}][${j}] = ${a[i * n + j]} but a[${j}][${i}] = ${a[j * n + i]}`,
        );
      }
    }
  }
  return scale;
}

function scaled(a: Float64Array, n: number, scale: number): Float64Array {
  const out = new Float64Array(n * n);
  const inv = 1 / scale;
  for (let i = 0; i < n * n; i++) out[i] = a[i] * inv;
  return out;
}

function transpose(m: Float64Array, n: number): Float64Array {
  const t = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) t[j * n + i] = m[i * n + j];
  return t;
}
