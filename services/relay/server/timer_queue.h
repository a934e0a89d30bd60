#pragma once
// TimerQueue: runs callbacks at their due time on one thread of its own, so that a retrying
// delivery waits on a timer and never on the Kafka poll thread (a sleeping poll thread would miss
// rebalances and lose its partitions).
//
// Bounds: one entry per scheduled callback; the relay schedules at most one per event held, so
// the queue is bounded by the events a runner holds (partitions × uncommitted window).
//
// Threads: Schedule from any thread; callbacks run on the queue's thread, in due-time order, and
// must not block for long. Stop() (also the destructor) drops what has not run and joins.
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

#include "absl/time/time.h"

namespace causeway::relay {

class TimerQueue {
 public:
  TimerQueue();
  ~TimerQueue();
  TimerQueue(const TimerQueue&) = delete;
  TimerQueue& operator=(const TimerQueue&) = delete;

  // Runs `fn` at `due` (at once when it has passed). Ignored after Stop().
  void Schedule(absl::Time due, std::function<void()> fn);
  // Callbacks scheduled and not run yet.
  size_t size() const;
  void Stop();

 private:
  struct Entry {
    absl::Time due;
    uint64_t seq;  // FIFO among equal due times
    std::function<void()> fn;
  };
  struct Later {
    bool operator()(const Entry& a, const Entry& b) const {
      return a.due != b.due ? a.due > b.due : a.seq > b.seq;
    }
  };
  void Run();

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::priority_queue<Entry, std::vector<Entry>, Later> entries_;  // guarded by mu_
  uint64_t seq_ = 0;                                               // guarded by mu_
  bool stopping_ = false;                                          // guarded by mu_
  std::thread thread_;
};

}  // namespace causeway::relay
