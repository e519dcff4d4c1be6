// Splits work over threads: worker 0 is the calling thread, the others come from a pool.
#pragma once
#include <algorithm>
#include <functional>

namespace gancond {

// Workers that keep per-worker scratch memory (gemmScratch, conv's patch buffers).
constexpr int MAX_WORKERS = 64;

// Runs task(worker) for every worker in [1, workers) on pool threads and task(0) on the
// calling thread; returns when all have finished. One parallel region at a time (callers
// from several threads take turns).
void runOnPool(int workers, const std::function<void(int)>& task);

// Runs work(worker, begin, end) on `threads` workers (at most MAX_WORKERS), each over a
// contiguous share of [0, count).
template <typename Work>
void parallelFor(int threads, int count, Work work) {
  threads = std::max(1, std::min({threads, count, MAX_WORKERS}));
  if (threads == 1) {
    work(0, 0, count);
    return;
  }
  runOnPool(threads, [&](int t) { work(t, count * t / threads, count * (t + 1) / threads); });
}

// Below this many elements per thread, waking a thread costs about what it saves: measured on
// batch norm, [1024, 32] (32k elements) gained nothing from a second thread, [4096, 32] 25%.
constexpr long MIN_ELEMENTS_PER_THREAD = 1 << 16;

// The threads worth using, of `threads`, for a memory-bound pass over n elements.
inline int threadsForElements(long n, int threads) {
  return static_cast<int>(std::max(1L, std::min<long>(threads, n / MIN_ELEMENTS_PER_THREAD)));
}

// Elements per chunk of an element-wise pass: a multiple of every vector width.
constexpr long ELEMENT_CHUNK = 1 << 14;

// Runs body(begin, end) over [0, n) in chunks, on as many threads as n warrants.
template <typename Body>
void forEachChunk(long n, int threads, Body body) {
  const long chunks = (n + ELEMENT_CHUNK - 1) / ELEMENT_CHUNK;
  parallelFor(threadsForElements(n, threads), static_cast<int>(chunks),
              [&](int, int c0, int c1) { body(c0 * ELEMENT_CHUNK, std::min(n, c1 * ELEMENT_CHUNK)); });
}

}  // namespace gancond
