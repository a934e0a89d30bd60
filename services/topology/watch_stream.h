#pragma once
// One Watch RPC: a callback-API reactor that sends the snapshot (or the missed history) and then
// every change, one message in flight at a time. Its memory is the message being written plus the
// queued snapshot chunks; the changes themselves are shared with the hub's window.
#include <deque>
#include <functional>
#include <mutex>
#include <optional>

#include "causeway/topology/v1/topology.grpc.pb.h"
#include "topology/topology_store.h"
#include "topology/watch_hub.h"

namespace causeway::topology {

class WatchStream final : public grpc::ServerWriteReactor<v1::WatchResponse>,
                          public WatchSubscriber {
 public:
  // What of principals the stream's caller may see.
  enum class Visibility { kCredentials, kNoCredentials };
  // Asked before every message: an error ends the stream with it (the caller lost its role or
  // its token); otherwise whether principals' token hashes and certificate names are sent.
  using Authorize = std::function<absl::StatusOr<Visibility>()>;

  // Starts the stream; the object deletes itself when the RPC is done.
  static WatchStream* Start(WatchHub* hub, TopologyStore* store, int64_t since_revision,
                            int batch, Authorize authorize);

  void OnWriteDone(bool ok) override;
  void OnDone() override;
  void OnCancel() override;
  void OnNewRevision() override;
  void OnDrain() override;

 private:
  WatchStream(WatchHub* hub, TopologyStore* store, int batch, Authorize authorize);
  // Appends a change as this caller may see it.
  void AddChange(const v1::Change& change, v1::WatchResponse* msg) const;
  void Begin(int64_t since_revision);
  void QueueSnapshot();
  // Starts the next write if none is in flight. Requires mu_.
  void PumpLocked();
  void FinishLocked(const grpc::Status& status);

  WatchHub* const hub_;
  TopologyStore* const store_;
  const int batch_;
  const Authorize authorize_;
  Visibility visibility_ = Visibility::kNoCredentials;  // guarded by mu_

  std::mutex mu_;
  bool writing_ = false;
  bool finished_ = false;
  int64_t revision_ = 0;  // what the client will have after the queued/in-flight messages
  std::deque<v1::WatchResponse> queued_;
  v1::WatchResponse in_flight_;
  std::optional<grpc::Status> pending_finish_;
};

}  // namespace causeway::topology
