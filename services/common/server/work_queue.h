#pragma once
// A fixed set of threads running submitted jobs from a bounded queue: a job that does not fit is
// refused at once (the caller answers "busy") instead of queueing without limit.
//
// Threads: TrySubmit from any thread; jobs run on the pool's threads. Stop() runs what is queued,
// then joins.
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace causeway {

class WorkQueue {
 public:
  // `threads` workers; at most `max_queued` jobs wait for one.
  WorkQueue(int threads, size_t max_queued);
  ~WorkQueue() { Stop(); }

  // False (and `job` is dropped) when `max_queued` jobs are already waiting, or after Stop().
  bool TrySubmit(std::function<void()> job);
  void Stop();

 private:
  void Work();

  const size_t max_queued_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;  // guarded by mu_
  bool stopping_ = false;                    // guarded by mu_
  std::vector<std::thread> threads_;
};

}  // namespace causeway
