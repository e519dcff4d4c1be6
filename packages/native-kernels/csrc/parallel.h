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

}  // namespace gancond
