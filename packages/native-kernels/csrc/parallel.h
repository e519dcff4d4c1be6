// Splits work over threads: worker 0 is the calling thread.
#pragma once
#include <algorithm>
#include <thread>
#include <vector>

namespace gancond {

// Workers that keep per-worker scratch memory (gemmScratch, conv's patch buffers).
constexpr int MAX_WORKERS = 64;

// Runs work(worker, begin, end) on `threads` workers (at most MAX_WORKERS), each over a
// contiguous share of [0, count). Threads are started per call: a call is milliseconds of
// work, a thread start tens of microseconds.
template <typename Work>
void parallelFor(int threads, int count, Work work) {
  threads = std::max(1, std::min({threads, count, MAX_WORKERS}));
  std::vector<std::thread> started;
  for (int t = 1; t < threads; t++) {
    started.emplace_back([=, &work] { work(t, count * t / threads, count * (t + 1) / threads); });
  }
  work(0, 0, count / threads);
  for (auto& thread : started) thread.join();
}

}  // namespace gancond
