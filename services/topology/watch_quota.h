#pragma once
// WatchQuota: how many Watch streams may be open on this replica, per principal and in all. Each
// stream costs the replica memory and delivery work on every change (one message in flight, its
// place in the topology, gRPC's call state), so one broken or hostile follower must not open
// thousands, and all of them together must stay within what the replica can carry.
//
// Threads: any.
#include <map>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"

namespace causeway::topology {

struct WatchQuotaLimits {
  // Streams one principal may have open on this replica (--watch-streams-per-principal). The
  // replicas of a service usually share one principal (every gateway follows as "gateway"), and
  // all of them may land on one topology replica: 64 leaves room for such a fleet.
  int per_principal = 64;
  // Streams open on this replica in all (--watch-streams).
  int total = 4096;
};

class WatchQuota {
 public:
  explicit WatchQuota(WatchQuotaLimits limits) : limits_(limits) {}

  // One open stream's place in the quota, given back when destroyed.
  class Slot {
   public:
    Slot(Slot&& other) noexcept : quota_(other.quota_), principal_(std::move(other.principal_)) {
      other.quota_ = nullptr;
    }
    Slot& operator=(Slot&&) = delete;
    ~Slot();

   private:
    friend class WatchQuota;
    Slot(WatchQuota* quota, std::string principal)
        : quota_(quota), principal_(std::move(principal)) {}
    WatchQuota* quota_;
    std::string principal_;
  };

  // A slot for one more stream of `principal`; RESOURCE_EXHAUSTED (saying which limit and its
  // flag) when the principal or the replica has no room left.
  absl::StatusOr<Slot> Acquire(const std::string& principal);

  int open() const;
  int open_by(const std::string& principal) const;

 private:
  void Release(const std::string& principal);

  const WatchQuotaLimits limits_;
  mutable std::mutex mu_;
  int open_ = 0;                          // guarded by mu_
  std::map<std::string, int> by_principal_;  // guarded by mu_; only principals with streams
};

}  // namespace causeway::topology
