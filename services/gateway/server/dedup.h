#pragma once
// Duplicate suppression: a retry carrying the same producer id and event id within the window is
// answered with the first attempt's outcome instead of being written again. A retry that arrives
// while the first attempt is still in flight waits for it. Failed attempts are forgotten, so a
// retry after a failure writes again.
//
// Threads: all methods are thread-safe (one mutex; the critical sections are map look-ups).
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"
#include "causeway/gateway/v1/gateway.pb.h"

namespace causeway::gateway {

class Dedup {
 public:
  using Waiter = std::function<void(const v1::PublishResult&)>;

  Dedup(absl::Duration window, size_t max_entries);

  enum class Claim { kNew, kAnswered, kWaiting };
  // kNew: the caller publishes and must call Finish(key, result) later.
  // kAnswered: `waiter` already ran with the earlier outcome (marked duplicate).
  // kWaiting: `waiter` runs when the attempt in flight finishes.
  Claim Begin(const std::string& key, Waiter waiter, absl::Time now = absl::Now());
  void Finish(const std::string& key, const v1::PublishResult& result, absl::Time now = absl::Now());
  size_t size() const;

 private:
  struct Entry {
    bool done = false;
    // Serialized: a million remembered results (the default bound) as messages cost ~0.9 GiB
    // (tools/bench/gateway_soak); as bytes about a quarter. Parsed only for a duplicate.
    std::string result;
    std::vector<Waiter> waiters;
    absl::Time at;
  };
  void Expire(absl::Time now);

  const absl::Duration window_;
  const size_t max_entries_;
  mutable std::mutex mu_;
  absl::flat_hash_map<std::string, Entry> entries_;
  std::deque<std::pair<absl::Time, std::string>> order_;  // finish times, oldest first
};

}  // namespace causeway::gateway
