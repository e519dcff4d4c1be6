#include "matmul.h"

#include <algorithm>
#include <cstddef>

#include "gemm.h"
#include "parallel.h"

namespace gancond {

namespace {

// Rows of C per parallel SGEMM share (a multiple of every micro-kernel's MR).
constexpr int ROW_BLOCK = 64;
// Columns of C per parallel share when C has too few rows to split (a multiple of every NR).
constexpr int COLUMN_BLOCK = 64;

// c[i] = dot(a row i, b) for i in [i0, i1): A row-major with row stride k.
void rowDots(const float* __restrict a, const float* __restrict b, float* __restrict c, int k, int i0, int i1) {
  constexpr int LANES = 16;
  for (int i = i0; i < i1; i++) {
    const float* row = a + static_cast<ptrdiff_t>(i) * k;
    // Independent partial sums, so that the loop vectorizes without reassociating floats.
    float partial[LANES] = {};
    int p = 0;
    for (; p + LANES <= k; p += LANES) {
      for (int q = 0; q < LANES; q++) partial[q] += row[p + q] * b[p + q];
    }
    float sum = 0;
    for (; p < k; p++) sum += row[p] * b[p];
    for (int q = 0; q < LANES; q++) sum += partial[q];
    c[i] = sum;
  }
}

// c[i] = sum over p of a[p * m + i] * b[p] for i in [i0, i1): A stored transposed (k x m).
void columnCombination(const float* __restrict a, const float* __restrict b, float* __restrict c, int m, int k, int i0,
                       int i1) {
  std::fill(c + i0, c + i1, 0.0f);
  for (int p = 0; p < k; p++) {
    const float* column = a + static_cast<ptrdiff_t>(p) * m;
    const float bp = b[p];
    for (int i = i0; i < i1; i++) c[i] += column[i] * bp;
  }
}

// c[i, j] = a[i] b[j] for rows i in [i0, i1).
void outerRows(const float* __restrict a, const float* __restrict b, float* __restrict c, int n, int i0, int i1) {
  for (int i = i0; i < i1; i++) {
    float* row = c + static_cast<ptrdiff_t>(i) * n;
    const float ai = a[i];
    for (int j = 0; j < n; j++) row[j] = ai * b[j];
  }
}

// One product op(a) * op(b) -> c (m x n), on `threads` workers; with one thread, as worker
// `self` (whose scratch memory it uses).
void matMul(const MatMulShape& s, const float* a, const float* b, float* c, int threads, int self) {
  const auto scratch = [=](int worker) { return gemmScratch(threads == 1 ? self : worker); };
  const int m = s.m, n = s.n, k = s.k;
  if (n == 1) {
    // Matrix-vector: b is contiguous whether transposed or not (one column).
    const int t = threadsForElements(static_cast<long>(m) * k, threads);
    parallelFor(t, m, [=](int, int i0, int i1) {
      if (s.transposeA) columnCombination(a, b, c, m, k, i0, i1);
      else rowDots(a, b, c, k, i0, i1);
    });
    return;
  }
  if (k == 1) {
    // Outer product: both operands are contiguous vectors.
    parallelFor(threadsForElements(static_cast<long>(m) * n, threads), m, [=](int, int i0, int i1) { outerRows(a, b, c, n, i0, i1); });
    return;
  }
  // A(i, p) = a[i * rsA + p * csA], B(p, j) = b[p * rsB + j * csB]: transposes read in place.
  const ptrdiff_t rsA = s.transposeA ? 1 : k, csA = s.transposeA ? m : 1, rsB = s.transposeB ? 1 : n, csB = s.transposeB ? k : 1;
  const int rowBlocks = (m + ROW_BLOCK - 1) / ROW_BLOCK;
  if (rowBlocks >= threads) {
    parallelFor(threads, rowBlocks, [&](int worker, int r0, int r1) {
      const int i0 = r0 * ROW_BLOCK, i1 = std::min(m, r1 * ROW_BLOCK);
      sgemm(scratch(worker), i1 - i0, n, k, a + i0 * rsA, rsA, csA, b, rsB, csB, c + static_cast<ptrdiff_t>(i0) * n, n, false);
    });
  } else {
    // Few rows (a dense layer on a small batch): split the columns instead.
    parallelFor(threads, (n + COLUMN_BLOCK - 1) / COLUMN_BLOCK, [&](int worker, int b0, int b1) {
      const int j0 = b0 * COLUMN_BLOCK, j1 = std::min(n, b1 * COLUMN_BLOCK);
      sgemm(scratch(worker), m, j1 - j0, k, a, rsA, csA, b + j0 * csB, rsB, csB, c + j0, n, false);
    });
  }
}

}  // namespace

void batchMatMul(const MatMulShape& s, const float* a, const float* b, float* c, int threads) {
  const ptrdiff_t sizeC = static_cast<ptrdiff_t>(s.m) * s.n;
  if (s.batch == 1) {
    matMul(s, a, b, c, threads, 0);
    return;
  }
  // Products split over workers, each product on its worker alone.
  parallelFor(threads, s.batch, [&](int worker, int i0, int i1) {
    for (int i = i0; i < i1; i++) matMul(s, a + i * s.batchStrideA, b + i * s.batchStrideB, c + i * sizeC, 1, worker);
  });
}

}  // namespace gancond
