// A cache-blocked SGEMM in the style of BLIS/GotoBLAS: B is packed into NR-column panels and
// A into MR-row panels (both K-major), and a register-blocked micro-kernel multiplies one
// MR x K panel by one K x NR panel with fused multiply-adds. Written by hand because no BLAS
// can be assumed on a user's machine and the wasm backend's XNNPACK reaches only ~25
// GFLOP/s (128-bit wasm SIMD, no FMA); this reaches ~70-90 on one AVX-512 core. GCC's vector
// extensions keep it portable: the vector width follows the -march the addon is built for.
#include "gemm.h"
#include "parallel.h"

#include <algorithm>
#include <cstring>
#include <vector>

namespace gancond {
namespace {

#if defined(__AVX512F__)
constexpr int VW = 16;  // floats per vector register
constexpr int MR = 8;   // 8 x 2 accumulators of 32 registers
const char* const ISA = "avx512";
#elif defined(__AVX2__) || defined(__AVX__)
constexpr int VW = 8;
constexpr int MR = 6;  // 6 x 2 accumulators of 16 registers
const char* const ISA = "avx2";
#else
constexpr int VW = 4;
constexpr int MR = 4;
const char* const ISA = "sse/neon";
#endif
constexpr int NR = 2 * VW;
constexpr int KC = 256;      // depth of one packed block: a B panel stays in L1
constexpr int MC = MR * 24;  // rows of A packed at once: the A block stays in L2

typedef float vf __attribute__((vector_size(VW * 4)));
// Unaligned, aliasing view for loads and stores (memcpy would go through the stack).
typedef float vfu __attribute__((vector_size(VW * 4), aligned(4), may_alias));
inline vf load(const float* p) { return *reinterpret_cast<const vfu*>(p); }
inline void store(float* p, vf v) { *reinterpret_cast<vfu*>(p) = v; }

// C[mr x nr] (+)= Ap (kc x MR, K-major) * Bp (kc x NR, K-major).
void microKernel(int kc, const float* __restrict ap, const float* __restrict bp, float* c, ptrdiff_t ldc, bool accumulate,
                 int mr, int nr) {
  vf acc[MR][2];
  _Pragma("GCC unroll 16") for (int i = 0; i < MR; i++) acc[i][0] = acc[i][1] = vf{};
  for (int k = 0; k < kc; k++) {
    const vf b0 = load(bp + k * NR), b1 = load(bp + k * NR + VW);
    _Pragma("GCC unroll 16") for (int i = 0; i < MR; i++) {
      const float a = ap[k * MR + i];
      acc[i][0] += a * b0;
      acc[i][1] += a * b1;
    }
  }
  if (mr == MR && nr == NR) {
    for (int i = 0; i < MR; i++) {
      float* row = c + i * ldc;
      store(row, accumulate ? load(row) + acc[i][0] : acc[i][0]);
      store(row + VW, accumulate ? load(row + VW) + acc[i][1] : acc[i][1]);
    }
    return;
  }
  alignas(64) float tile[MR][NR];
  for (int i = 0; i < MR; i++) {
    store(tile[i], acc[i][0]);
    store(tile[i] + VW, acc[i][1]);
  }
  for (int i = 0; i < mr; i++)
    for (int j = 0; j < nr; j++) c[i * ldc + j] = accumulate ? c[i * ldc + j] + tile[i][j] : tile[i][j];
}

// B[k0 : k0 + kc, :] into NR-column panels, zero-padded to NR.
void packB(const float* b, ptrdiff_t rsB, ptrdiff_t csB, int k0, int kc, int N, float* dst) {
  for (int j0 = 0; j0 < N; j0 += NR) {
    const int nr = std::min(NR, N - j0);
    for (int k = 0; k < kc; k++) {
      const float* src = b + (k0 + k) * rsB + j0 * csB;
      float* out = dst + k * NR;
      if (csB == 1 && nr == NR) {
        std::memcpy(out, src, NR * sizeof(float));
      } else {
        for (int j = 0; j < nr; j++) out[j] = src[j * csB];
        for (int j = nr; j < NR; j++) out[j] = 0;
      }
    }
    dst += static_cast<ptrdiff_t>(kc) * NR;
  }
}

// A[i0 : i0 + mc, k0 : k0 + kc] into MR-row panels, zero-padded to MR.
void packA(const float* a, ptrdiff_t rsA, ptrdiff_t csA, int i0, int mc, int k0, int kc, float* dst) {
  for (int ip = 0; ip < mc; ip += MR) {
    const int mr = std::min(MR, mc - ip);
    float* panel = dst + static_cast<ptrdiff_t>(ip) * kc;
    for (int i = 0; i < MR; i++) {
      if (i >= mr) {
        for (int k = 0; k < kc; k++) panel[k * MR + i] = 0;
        continue;
      }
      const float* src = a + (i0 + ip + i) * rsA + k0 * csA;
      if (csA == 1) {
        for (int k = 0; k < kc; k++) panel[k * MR + i] = src[k];
      } else {
        for (int k = 0; k < kc; k++) panel[k * MR + i] = src[k * csA];
      }
    }
  }
}

}  // namespace

struct GemmScratch {
  std::vector<float> a, b;
};

GemmScratch* gemmScratch(int worker) {
  static std::vector<GemmScratch> scratch(MAX_WORKERS);
  return &scratch.at(worker);
}

void sgemm(GemmScratch* scratch, int M, int N, int K, const float* a, ptrdiff_t rsA, ptrdiff_t csA, const float* b,
           ptrdiff_t rsB, ptrdiff_t csB, float* c, ptrdiff_t ldc, bool accumulate) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) {
    if (!accumulate)
      for (int i = 0; i < M; i++) std::fill(c + i * ldc, c + i * ldc + N, 0.0f);
    return;
  }
  const int panels = (N + NR - 1) / NR;
  scratch->b.resize(static_cast<size_t>(panels) * NR * KC);
  scratch->a.resize(static_cast<size_t>(MC) * KC);
  float* bp = scratch->b.data();
  float* ap = scratch->a.data();
  for (int k0 = 0; k0 < K; k0 += KC) {
    const int kc = std::min(KC, K - k0);
    const bool acc = accumulate || k0 > 0;
    packB(b, rsB, csB, k0, kc, N, bp);
    for (int i0 = 0; i0 < M; i0 += MC) {
      const int mc = std::min(MC, M - i0);
      packA(a, rsA, csA, i0, mc, k0, kc, ap);
      for (int p = 0; p < panels; p++) {
        const int j0 = p * NR, nr = std::min(NR, N - j0);
        for (int ip = 0; ip < mc; ip += MR) {
          microKernel(kc, ap + static_cast<ptrdiff_t>(ip) * kc, bp + static_cast<ptrdiff_t>(p) * NR * kc,
                      c + (i0 + ip) * ldc + j0, ldc, acc, std::min(MR, mc - ip), nr);
        }
      }
    }
  }
}

const char* gemmIsa() { return ISA; }

}  // namespace gancond
