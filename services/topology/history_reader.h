#pragma once
// HistoryReader: reads the change history from PostgreSQL for Watch streams that resume from
// further back than the hub's in-memory window, on threads of its own. Neither the hub's follower
// thread (which delivers every change to every stream) nor gRPC's callback threads ever wait for
// such a query, so one slow read delays only the stream that asked for it.
//
// Threads: `threads` workers; Read() from any thread. Each stream has at most one read queued, so
// the queue is bounded by the Watch stream limit (WatchQuota).
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "topology/topology_store.h"

namespace causeway::topology {

class HistoryReader {
 public:
  using Done = std::function<void(absl::StatusOr<std::vector<v1::Change>>)>;

  HistoryReader(TopologyStore* store, int threads);
  // Answers the reads still queued with UNAVAILABLE, then joins the workers.
  ~HistoryReader();

  // Queues a read of up to `limit` changes after revision `after`; `done` runs on a worker, or
  // never when this answers UNAVAILABLE (stopping).
  absl::Status Read(int64_t after, int limit, Done done);

 private:
  struct Request {
    int64_t after;
    int limit;
    Done done;
  };
  void Work();

  TopologyStore* const store_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Request> queue_;  // guarded by mu_
  bool stopping_ = false;      // guarded by mu_
  std::vector<std::thread> workers_;
};

}  // namespace causeway::topology
