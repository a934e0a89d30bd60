#pragma once
// TopologyFollower: keeps a TopologyView current by following Topology.Watch, and writes each good
// copy to a local snapshot file. When causeway-topology is down the follower keeps its last view;
// a process started while topology is down starts from the snapshot file. Every Watch client
// (gateway, relay) follows through this class.
//
// Threads: one follower thread owns the Watch stream and calls `on_view`; view() may be called
// from any thread (atomic shared_ptr load, never a lock on a hot path).
#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "causeway/topology/v1/topology.grpc.pb.h"
#include "common/client/channel.h"
#include "common/topology/topology_view.h"

namespace causeway::topology {

struct FollowerOptions {
  // causeway-topology: address, TLS (server verification, client certificate) and, in `token`,
  // the bearer token of this service's principal (a role that may Watch: gateway, relay, ...).
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
  // Called on the follower thread with every new view, before view() returns it, so whatever a
  // service derives from a view is ready once the view is visible. Must not block for long.
  using OnView = std::function<void(const std::shared_ptr<const TopologyView>&)>;

  explicit TopologyFollower(FollowerOptions options, OnView on_view = nullptr);
  ~TopologyFollower();

  // Loads the snapshot file if there is one, then starts following.
  void Start();
  void Stop();

  // Null until a snapshot file or the first Watch snapshot was loaded.
  std::shared_ptr<const TopologyView> view() const { return std::atomic_load(&view_); }
  bool connected() const { return connected_; }
  // True once the view has reached `revision` (tests, read-your-writes).
  bool WaitForRevision(int64_t revision, absl::Duration timeout) const;

 private:
  void Run();
  // Reads one Watch stream until it ends; returns why.
  grpc::Status Follow();
  void Install(std::shared_ptr<const TopologyView> view);
  absl::Status WriteSnapshot(const TopologyView& view) const;
  absl::Status LoadSnapshot();

  const FollowerOptions options_;
  const OnView on_view_;
  std::shared_ptr<const TopologyView> view_;  // atomic_load/atomic_store only
  std::atomic<bool> running_{false};
  std::atomic<bool> connected_{false};
  std::mutex context_mu_;
  grpc::ClientContext* context_ = nullptr;  // the open Watch, to cancel on Stop()
  std::thread thread_;
};

}  // namespace causeway::topology
