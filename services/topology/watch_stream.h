#pragma once
// One Watch RPC: a callback-API reactor that sends the snapshot (or the missed history) and then
// every change, one message in flight at a time, each message built only when the previous one
// was written. Its memory is that one message (at most kWatchMessageBytes, or one larger entity)
// and its place: while it sends a snapshot, the immutable view it snapshots (shared with the hub
// and every other stream on that view) and a cursor into it; afterwards a revision in the hub's
// window of changes (shared too). History older than the window is read from PostgreSQL through
// the HistoryReader, at most `batch` changes at a time.
//
// A client that stops reading holds its one message and its place, and nothing grows. Once more
// than `max_pending_changes` changes (or `max_pending_bytes` of them) were committed while its
// message waited, the stream lets go of its place and ends with RESOURCE_EXHAUSTED, which the
// client sees after the message it has not read; it resumes with its last revision.
//
// Threads: gRPC's callback threads, the hub's follower thread (OnNewRevision, which never waits
// for PostgreSQL or the client) and a HistoryReader worker (the answer of a history read).
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "causeway/topology/v1/topology.grpc.pb.h"
#include "topology/history_reader.h"
#include "common/topology/topology_view.h"
#include "topology/watch_hub.h"
#include "topology/watch_quota.h"

namespace causeway::topology {

struct WatchOptions {
  // Changes per Watch message at most (and per read of older history); bytes are bounded by
  // kWatchMessageBytes (common/core/watch_limits.h).
  int batch = 500;
  // A stream whose client takes no message while this many changes, or this many bytes of changes
  // (ChangeWireBytes), are committed ends with RESOURCE_EXHAUSTED. The defaults equal the hub's
  // window: such a client is behind everything this replica keeps in memory.
  int64_t max_pending_changes = 10000;
  size_t max_pending_bytes = size_t{64} << 20;
  WatchQuotaLimits streams;
  // Threads reading history older than the hub's window from PostgreSQL.
  int history_threads = 2;
};

class WatchStream final : public grpc::ServerWriteReactor<v1::WatchResponse>,
                          public WatchSubscriber {
 public:
  // What of principals the stream's caller may see.
  enum class Visibility { kCredentials, kNoCredentials };
  struct Caller {
    std::string principal;  // whose quota the stream counts against
    Visibility visibility = Visibility::kNoCredentials;
  };
  // Asked before every message: an error ends the stream with it (the caller lost its role or
  // its token); otherwise who calls and whether principals' token hashes and certificate names
  // are sent.
  using Authorize = std::function<absl::StatusOr<Caller>()>;

  // What the streams of one replica share.
  struct Shared {
    WatchHub* hub;
    HistoryReader* history;
    WatchQuota* quota;
    WatchOptions options;
  };

  // Starts the stream; the object deletes itself when the RPC is done (and no history read is
  // outstanding).
  static WatchStream* Start(const Shared* shared, int64_t since_revision, Authorize authorize);

  void OnWriteDone(bool ok) override;
  void OnDone() override;
  void OnCancel() override;
  void OnNewRevision(const NewChanges& added) override;
  void OnDrain() override;

 private:
  // kReset: RESET next; kSnapshot: entities from cursor_, then SNAPSHOT_COMPLETE; kChanges: live.
  enum class Phase { kReset, kSnapshot, kChanges };

  WatchStream(const Shared* shared, Authorize authorize);
  void Begin(int64_t since_revision);
  // Sends the current view as a snapshot next.
  void StartSnapshotLocked(std::shared_ptr<const TopologyView> view);
  // Builds the next message into in_flight_; false when there is none to send now.
  bool NextMessageLocked();
  bool NextChangesLocked();
  // Appends `change` to in_flight_ as this caller may see it (stamped as of `snapshot_revision`
  // when > 0) if the message has room for it by count and bytes; a first change always has.
  // `*bytes` counts the message so far.
  bool AppendLocked(const v1::Change& change, int64_t snapshot_revision, size_t* bytes);
  void ReadHistoryLocked();
  void OnHistory(absl::StatusOr<std::vector<v1::Change>> changes);
  // Appends a change as this caller may see it.
  void AddChange(const v1::Change& change, v1::WatchResponse* msg) const;
  // Starts the next write if none is in flight. Requires mu_.
  void PumpLocked();
  void FinishLocked(const grpc::Status& status);
  // Drops what the stream holds besides the message in flight.
  void ReleasePlaceLocked();

  const Shared* const shared_;
  const Authorize authorize_;

  std::mutex mu_;
  Visibility visibility_ = Visibility::kNoCredentials;
  std::optional<WatchQuota::Slot> slot_;
  bool writing_ = false;
  bool finished_ = false;
  bool done_ = false;             // OnDone ran: delete when the history read answers
  bool reading_history_ = false;  // a HistoryReader read is outstanding
  Phase phase_ = Phase::kChanges;
  std::shared_ptr<const TopologyView> snapshot_;  // the view a snapshot is sent from
  std::optional<TopologyView::Cursor> cursor_;    // the next entity of snapshot_ to send
  int64_t revision_ = 0;  // what the client will have after the in-flight message
  std::deque<v1::Change> history_;  // read from PostgreSQL, not sent yet
  // Committed since the message in flight was handed to gRPC (the client is not reading).
  int64_t pending_changes_ = 0;
  size_t pending_bytes_ = 0;
  v1::WatchResponse in_flight_;
  std::optional<grpc::Status> pending_finish_;
};

}  // namespace causeway::topology
