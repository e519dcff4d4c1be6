#include "elementwise.h"

#include <algorithm>
#include <cmath>

#include "parallel.h"

namespace gancond {

namespace {

// Below this many elements per thread, waking a thread costs about what it saves (as for
// batch norm: 32k elements gained nothing from a second thread, 128k gained 25%).
constexpr long MIN_ELEMENTS_PER_THREAD = 1 << 16;
// Elements per chunk handed to a worker: a multiple of every vector width.
constexpr long CHUNK = 1 << 14;

// Runs body(begin, end) over [0, n) in chunks, on as many threads as the size warrants.
template <typename Body>
void forEachChunk(long n, int threads, Body body) {
  const long chunks = (n + CHUNK - 1) / CHUNK;
  threads = static_cast<int>(std::max(1L, std::min<long>(threads, n / MIN_ELEMENTS_PER_THREAD)));
  parallelFor(threads, static_cast<int>(chunks), [&](int, int c0, int c1) { body(c0 * CHUNK, std::min(n, c1 * CHUNK)); });
}

// The loops take their operands as parameters, not through a lambda's captured references:
// there a store to y[i] might alias the captured alpha, which kept the loop scalar and
// reloading (measured 8x slower on 2 threads than on one).
void leakyReluRange(const float* __restrict x, float alpha, float* __restrict y, long i0, long i1) {
  for (long i = i0; i < i1; i++) y[i] = x[i] > 0 ? x[i] : alpha * x[i];
}

void leakyReluGradRange(const float* __restrict dy, const float* __restrict x, float alpha, float* __restrict dx, long i0, long i1) {
  for (long i = i0; i < i1; i++) dx[i] = x[i] > 0 ? dy[i] : alpha * dy[i];
}

void tanhRange(const float* __restrict x, float* __restrict y, long i0, long i1) {
  for (long i = i0; i < i1; i++) y[i] = std::tanh(x[i]);
}

}  // namespace

void leakyRelu(long n, const float* x, float alpha, float* y, int threads) {
  forEachChunk(n, threads, [=](long i0, long i1) { leakyReluRange(x, alpha, y, i0, i1); });
}

void leakyReluGrad(long n, const float* dy, const float* x, float alpha, float* dx, int threads) {
  forEachChunk(n, threads, [=](long i0, long i1) { leakyReluGradRange(dy, x, alpha, dx, i0, i1); });
}

void tanh(long n, const float* x, float* y, int threads) {
  forEachChunk(n, threads, [=](long i0, long i1) { tanhRange(x, y, i0, i1); });
}

}  // namespace gancond
