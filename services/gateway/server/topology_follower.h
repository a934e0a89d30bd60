#pragma once
// TopologyFollower: keeps the gateway's RoutingState current by following Topology.Watch, and
// writes each good copy to a local snapshot file. When causeway-topology is down the gateway keeps
// its last state; a gateway started while topology is down starts from the snapshot file.
//
// Threads: one follower thread owns the Watch stream; state() may be called from any thread
// (atomic shared_ptr load, never a lock on the publish path).
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "causeway/topology/v1/topology.grpc.pb.h"
#include "common/client/channel.h"
#include "gateway/server/routing_state.h"

namespace causeway::gateway {

struct FollowerOptions {
  // causeway-topology: address, TLS (server verification, client certificate) and, in `token`,
  // the bearer token of this gateway's principal (role gateway).
  ChannelOptions topology;
  // When set, the token is read from this file before every (re)connect, so a rotated Secret is
  // picked up without a restart; it overrides `topology.token`.
  std::string token_file;
  std::string snapshot_path;     // "" disables the snapshot file
  absl::Duration retry = absl::Milliseconds(500);
  absl::Duration max_retry = absl::Seconds(5);
};

class TopologyFollower {
 public:
  explicit TopologyFollower(FollowerOptions options);
  ~TopologyFollower();

  // Loads the snapshot file if there is one, then starts following.
  void Start();
  void Stop();

  // Null until a snapshot file or the first Watch snapshot was loaded.
  std::shared_ptr<const RoutingState> state() const { return std::atomic_load(&state_); }
  bool connected() const { return connected_; }
  // True once the state has reached `revision` (tests, read-your-writes).
  bool WaitForRevision(int64_t revision, absl::Duration timeout) const;

 private:
  void Run();
  // Reads one Watch stream until it ends; returns why.
  grpc::Status Follow();
  void Install(std::shared_ptr<const topology::TopologyView> view);
  absl::Status WriteSnapshot(const topology::TopologyView& view) const;
  absl::Status LoadSnapshot();

  const FollowerOptions options_;
  std::shared_ptr<const RoutingState> state_;  // atomic_load/atomic_store only
  std::atomic<bool> running_{false};
  std::atomic<bool> connected_{false};
  std::mutex context_mu_;
  grpc::ClientContext* context_ = nullptr;  // the open Watch, to cancel on Stop()
  std::thread thread_;
};

}  // namespace causeway::gateway
