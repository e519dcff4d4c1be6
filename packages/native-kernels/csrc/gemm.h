// Single-precision matrix product for gancond's native kernels.
#pragma once
#include <cstddef>

namespace gancond {

// Scratch memory of one worker thread: packed panels of A and B, reused across calls.
struct GemmScratch;
GemmScratch* gemmScratch(int worker);

// C (=, or += when accumulate) A * B, with A M x K, B K x N and C M x N (row stride ldc).
// A(i, k) = a[i * rsA + k * csA] and B(k, j) = b[k * rsB + j * csB]: transposed operands
// are read in place through their strides.
void sgemm(GemmScratch* scratch, int M, int N, int K, const float* a, ptrdiff_t rsA, ptrdiff_t csA, const float* b,
           ptrdiff_t rsB, ptrdiff_t csB, float* c, ptrdiff_t ldc, bool accumulate);

// The vector instruction set the micro-kernel was compiled for ("avx512", "avx2", ...).
const char* gemmIsa();

}  // namespace gancond
