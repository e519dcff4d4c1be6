// Batched matrix products as tfjs' BatchMatMul defines them, over SGEMM, with direct loops
// for the skinny shapes (a matrix-vector product, an outer product) that SGEMM's packing
// serves badly.
#pragma once

namespace gancond {

// c[i] = op(a[i]) * op(b[i]) for i < batch, op = transpose when asked; op(a) is m x k,
// op(b) k x n. A batch stride of 0 broadcasts that operand.
struct MatMulShape {
  int batch, m, n, k;
  bool transposeA, transposeB;
  long batchStrideA, batchStrideB;
};

void batchMatMul(const MatMulShape& s, const float* a, const float* b, float* c, int threads);

}  // namespace gancond
