#include "parallel.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define GANCOND_PAUSE() _mm_pause()
#else
#define GANCOND_PAUSE() std::this_thread::yield()
#endif

namespace gancond {

namespace {

// How long an idle worker spins before it sleeps. Kernels come in bursts (a training step
// calls dozens, with a fraction of a millisecond of single-threaded work between them), and
// waking a sleeping thread is slow on virtual machines. Measured on the reference DCGAN step
// (2 cores): no spin 63-68 ms, 0.2 ms 58-64 ms, 2 ms no better than 0.2 ms.
constexpr auto SPIN = std::chrono::microseconds(200);

// Threads are kept between calls: starting one costs tens of microseconds and, measured
// inside a training step, sometimes milliseconds, while a kernel call can be 0.2 ms of work.
class ThreadPool {
 public:
  void run(int workers, const std::function<void(int)>& task) {
    std::lock_guard<std::mutex> region(regionMutex_);
    for (; started_ < workers - 1; started_++) std::thread([this, worker = started_ + 1] { loop(worker); }).detach();
    task_ = &task;
    workers_.store(workers, std::memory_order_relaxed);
    pending_.store(workers - 1, std::memory_order_relaxed);
    {
      // Under the sleepers' lock, so that a worker about to sleep cannot miss it.
      std::lock_guard<std::mutex> lock(sleepMutex_);
      generation_.fetch_add(1, std::memory_order_release);
    }
    wake_.notify_all();
    task(0);
    // The other shares are about as long as ours: wait for them spinning.
    while (pending_.load(std::memory_order_acquire) != 0) GANCOND_PAUSE();
    task_ = nullptr;
  }

 private:
  void loop(int worker) {
    long seen = 0;
    for (;;) {
      const long generation = awaitGeneration(seen);
      seen = generation;
      if (worker < workers_.load(std::memory_order_relaxed)) {
        (*task_)(worker);
        pending_.fetch_sub(1, std::memory_order_acq_rel);
      }
    }
  }

  // Returns the first generation other than `seen`: spinning for SPIN, then asleep.
  long awaitGeneration(long seen) {
    const auto until = std::chrono::steady_clock::now() + SPIN;
    for (int i = 0;; i++) {
      const long g = generation_.load(std::memory_order_acquire);
      if (g != seen) return g;
      GANCOND_PAUSE();
      if (i % 256 == 255 && std::chrono::steady_clock::now() > until) break;
    }
    std::unique_lock<std::mutex> lock(sleepMutex_);
    wake_.wait(lock, [&] { return generation_.load(std::memory_order_acquire) != seen; });
    return generation_.load(std::memory_order_acquire);
  }

  std::mutex regionMutex_;
  std::mutex sleepMutex_;
  std::condition_variable wake_;
  std::atomic<long> generation_{0};
  std::atomic<int> workers_{0};
  std::atomic<int> pending_{0};
  const std::function<void(int)>* task_ = nullptr;
  int started_ = 0;
};

}  // namespace

void runOnPool(int workers, const std::function<void(int)>& task) {
  // Never destroyed: its threads wait on it until the process ends.
  static ThreadPool* pool = new ThreadPool();
  pool->run(workers, task);
}

}  // namespace gancond
