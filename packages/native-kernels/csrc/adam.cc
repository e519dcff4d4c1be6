#include "adam.h"

#include <cmath>

#include "parallel.h"

namespace gancond {

namespace {

// The operands are parameters, not a lambda's captures (see elementwise.cc on aliasing), and the float32
// operations run in tfjs' order: results stay within an ulp or two of tfjs' (the compiler may
// fuse a multiply and an add).
void adamRange(AdamSettings s, const float* __restrict value, const float* __restrict m, const float* __restrict v,
               const float* __restrict g, float* __restrict newValue, float* __restrict newM, float* __restrict newV,
               long i0, long i1) {
  const float keep1 = s.beta1, take1 = s.oneMinusBeta1, keep2 = s.beta2, take2 = s.oneMinusBeta2, step = -s.learningRate;
  for (long i = i0; i < i1; i++) {
    const float m1 = m[i] * keep1 + g[i] * take1;
    const float v1 = v[i] * keep2 + g[i] * g[i] * take2;
    newM[i] = m1;
    newV[i] = v1;
    newValue[i] = m1 / s.oneMinusAccBeta1 / (std::sqrt(v1 / s.oneMinusAccBeta2) + s.epsilon) * step + value[i];
  }
}

}  // namespace

void adamUpdate(long n, const AdamSettings& s, const float* value, const float* m, const float* v, const float* g,
                float* newValue, float* newM, float* newV, int threads) {
  const AdamSettings settings = s;
  forEachChunk(n, threads, [=](long i0, long i1) { adamRange(settings, value, m, v, g, newValue, newM, newV, i0, i1); });
}

}  // namespace gancond
