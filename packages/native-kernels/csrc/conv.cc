// Each output pixel (n, oy, ox) has a patch row of K = KH * KW * Ci input values (im2col), and
// the filter [KH, KW, Ci, Co] is a K x Co matrix, so:
//   forward:          Y[rows]  = P[rows] * F
//   input gradient:   dP[rows] = dY[rows] * F^T, then each patch row is added back into dx
//   filter gradient:  dF      += P[rows]^T * dY[rows]
// Rows are taken in blocks of ROWS pixels (the patch block stays in L2). Threads split the
// batch by images, so input-gradient writes never overlap, and every output value is
// computed in the same order whatever the thread count.
#include "conv.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include "gemm.h"
#include "parallel.h"

namespace gancond {
namespace {

constexpr int ROWS = 192;  // measured: 1.6 ms per DCGAN conv on 2 threads, 2.4 ms at 384, 2.6 ms at 768
constexpr int FILTER_GRADIENT_GROUPS = 8;

struct Scratch {
  std::vector<float> patches;
};

Scratch& scratch(int worker) {
  static std::vector<Scratch> all(MAX_WORKERS);
  return all.at(worker);
}

inline int patchSize(const ConvShape& s) { return s.KH * s.KW * s.Ci; }

// Patch rows of output pixels [q0, q0 + rows) (q = (n * Ho + oy) * Wo + ox) into p.
void im2col(const ConvShape& s, const float* x, long q0, int rows, float* p) {
  const int K = patchSize(s), rowLen = s.KW * s.Ci;
  for (int r = 0; r < rows; r++) {
    const long q = q0 + r;
    const int ox = q % s.Wo, oy = (q / s.Wo) % s.Ho, n = q / (static_cast<long>(s.Wo) * s.Ho);
    float* out = p + static_cast<long>(r) * K;
    for (int kh = 0; kh < s.KH; kh++, out += rowLen) {
      const int iy = oy * s.sh + kh - s.pt;
      if (iy < 0 || iy >= s.H) {
        std::memset(out, 0, rowLen * sizeof(float));
        continue;
      }
      const int ix0 = ox * s.sw - s.pl;
      const float* src = x + ((static_cast<long>(n) * s.H + iy) * s.W) * s.Ci;
      if (ix0 >= 0 && ix0 + s.KW <= s.W) {
        std::memcpy(out, src + static_cast<long>(ix0) * s.Ci, rowLen * sizeof(float));
        continue;
      }
      for (int kw = 0; kw < s.KW; kw++) {
        const int ix = ix0 + kw;
        float* o = out + kw * s.Ci;
        if (ix < 0 || ix >= s.W) std::memset(o, 0, s.Ci * sizeof(float));
        else std::memcpy(o, src + static_cast<long>(ix) * s.Ci, s.Ci * sizeof(float));
      }
    }
  }
}

// Adds patch rows of output pixels [q0, q0 + rows) from p back into dx (the adjoint of im2col).
void col2imAdd(const ConvShape& s, const float* p, long q0, int rows, float* dx) {
  const int K = patchSize(s);
  for (int r = 0; r < rows; r++) {
    const long q = q0 + r;
    const int ox = q % s.Wo, oy = (q / s.Wo) % s.Ho, n = q / (static_cast<long>(s.Wo) * s.Ho);
    const float* in = p + static_cast<long>(r) * K;
    for (int kh = 0; kh < s.KH; kh++) {
      const int iy = oy * s.sh + kh - s.pt;
      if (iy < 0 || iy >= s.H) continue;
      float* dst = dx + ((static_cast<long>(n) * s.H + iy) * s.W) * s.Ci;
      for (int kw = 0; kw < s.KW; kw++) {
        const int ix = ox * s.sw + kw - s.pl;
        if (ix < 0 || ix >= s.W) continue;
        const float* src = in + (kh * s.KW + kw) * s.Ci;
        float* d = dst + static_cast<long>(ix) * s.Ci;
        for (int c = 0; c < s.Ci; c++) d[c] += src[c];
      }
    }
  }
}

// Calls block(worker, q0, rows) for every block of rows of the worker's images.
template <typename Block>
void forEachRowBlock(const ConvShape& s, int threads, Block block) {
  const long pixels = static_cast<long>(s.Ho) * s.Wo;
  parallelFor(threads, s.N, [&](int worker, int n0, int n1) {
    for (long q0 = n0 * pixels; q0 < n1 * pixels; q0 += ROWS) block(worker, q0, static_cast<int>(std::min<long>(ROWS, n1 * pixels - q0)));
  });
}

}  // namespace

void conv2d(const ConvShape& s, const float* x, const float* filter, float* y, int threads) {
  const int K = patchSize(s);
  forEachRowBlock(s, threads, [&](int worker, long q0, int rows) {
    std::vector<float>& p = scratch(worker).patches;
    p.resize(static_cast<size_t>(ROWS) * K);
    im2col(s, x, q0, rows, p.data());
    sgemm(gemmScratch(worker), rows, s.Co, K, p.data(), K, 1, filter, s.Co, 1, y + q0 * s.Co, s.Co, false);
  });
}

void conv2dBackpropInput(const ConvShape& s, const float* dy, const float* filter, float* dx, int threads) {
  const int K = patchSize(s);
  std::memset(dx, 0, sizeof(float) * s.N * s.H * s.W * s.Ci);
  forEachRowBlock(s, threads, [&](int worker, long q0, int rows) {
    std::vector<float>& p = scratch(worker).patches;
    p.resize(static_cast<size_t>(ROWS) * K);
    // dP = dY * F^T: F^T(co, k) = filter[k * Co + co].
    sgemm(gemmScratch(worker), rows, K, s.Co, dy + q0 * s.Co, s.Co, 1, filter, 1, s.Co, p.data(), K, false);
    col2imAdd(s, p.data(), q0, rows, dx);
  });
}

void conv2dBackpropFilter(const ConvShape& s, const float* x, const float* dy, float* dfilter, int threads) {
  const int K = patchSize(s);
  const long pixels = static_cast<long>(s.Ho) * s.Wo;
  const size_t size = static_cast<size_t>(K) * s.Co;
  // Partial sums over fixed groups of images, added in group order: the result does not
  // depend on the thread count.
  const int groups = std::min(s.N, FILTER_GRADIENT_GROUPS);
  static std::vector<float> partials;
  partials.assign(size * groups, 0.0f);
  parallelFor(threads, groups, [&](int worker, int g0, int g1) {
    std::vector<float>& p = scratch(worker).patches;
    p.resize(static_cast<size_t>(ROWS) * K);
    for (int g = g0; g < g1; g++) {
      const long q1 = static_cast<long>(s.N) * (g + 1) / groups * pixels;
      for (long q0 = static_cast<long>(s.N) * g / groups * pixels; q0 < q1; q0 += ROWS) {
        const int rows = static_cast<int>(std::min<long>(ROWS, q1 - q0));
        im2col(s, x, q0, rows, p.data());
        // dF += P^T * dY: P^T(k, r) = p[r * K + k].
        sgemm(gemmScratch(worker), K, s.Co, rows, p.data(), 1, K, dy + q0 * s.Co, s.Co, 1, partials.data() + size * g, s.Co, true);
      }
    }
  });
  std::memcpy(dfilter, partials.data(), sizeof(float) * size);
  for (int g = 1; g < groups; g++) {
    const float* part = partials.data() + size * g;
    for (size_t i = 0; i < size; i++) dfilter[i] += part[i];
  }
}

}  // namespace gancond
