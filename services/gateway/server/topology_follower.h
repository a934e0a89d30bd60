#pragma once
// The gateway's follower: the common topology::TopologyFollower, with a RoutingState (schemas
// parsed once, routes, the principal directory) built from each view it installs.
//
// Threads: the common follower's thread builds each state; state() may be called from any thread
// (atomic shared_ptr load, never a lock on the publish path).
#include <memory>

#include "absl/time/time.h"
#include "common/topology/topology_follower.h"
#include "gateway/server/routing_state.h"

namespace causeway::gateway {

using FollowerOptions = topology::FollowerOptions;

class TopologyFollower {
 public:
  explicit TopologyFollower(FollowerOptions options);

  void Start() { follower_.Start(); }
  void Stop() { follower_.Stop(); }

  // Null until a snapshot file or the first Watch snapshot was loaded.
  std::shared_ptr<const RoutingState> state() const { return std::atomic_load(&state_); }
  bool connected() const { return follower_.connected(); }
  // True once the state has reached `revision` (tests, read-your-writes).
  bool WaitForRevision(int64_t revision, absl::Duration timeout) const {
    return follower_.WaitForRevision(revision, timeout);
  }

 private:
  std::shared_ptr<const RoutingState> state_;  // atomic_load/atomic_store only
  topology::TopologyFollower follower_;        // last: its thread writes state_
};

}  // namespace causeway::gateway
