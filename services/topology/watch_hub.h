#pragma once
// WatchHub: one per replica. Follows PostgreSQL (LISTEN causeway_changes + catch-up reads of the
// change history), keeps the current TopologyView and a window of recent changes in memory, and
// tells subscribed Watch streams when there is something new. Thousands of streams share this one
// follower: none of them touches PostgreSQL unless it asks for history older than the window.
//
// Threads: one follower thread owns the PostgreSQL listener connection and is the only one here
// that queries PostgreSQL (its own catch-up reads: there is nothing to deliver before they return;
// streams that need older history read it through their HistoryReader, never on this thread).
// view(), Fetch() and WaitForRevision() may be called from any thread. Lock order:
// subscribers_mu_, then a subscriber's own lock, then log_mu_.
#include <atomic>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/time.h"
#include "topology/topology_store.h"
#include "common/topology/topology_view.h"

namespace causeway::topology {

// The bytes a change adds to a WatchResponse (the change, its field tag and its length).
size_t ChangeWireBytes(const v1::Change& change);

// What one step of the follower added to the window.
struct NewChanges {
  int64_t changes = 0;
  size_t bytes = 0;  // ChangeWireBytes of each
};

class WatchSubscriber {
 public:
  virtual ~WatchSubscriber() = default;
  // New changes are available (called on the follower thread; must not block).
  virtual void OnNewRevision(const NewChanges& added) = 0;
  // The server is draining: end the stream so the client reconnects elsewhere.
  virtual void OnDrain() = 0;
};

struct WatchHubOptions {
  // Recent changes kept in memory, by count and by bytes (ChangeWireBytes), whichever is reached
  // first; streams further behind read the history from PostgreSQL.
  size_t log_capacity = 10000;
  size_t log_bytes = size_t{64} << 20;
  absl::Duration poll = absl::Seconds(1);  // catch-up even without a notification
  absl::Duration retry = absl::Milliseconds(500);
};

class WatchHub {
 public:
  WatchHub(TopologyStore* store, std::string listen_dsn, WatchHubOptions options = {});
  ~WatchHub();

  // Starts the follower; returns at once (PostgreSQL may still be down: view() stays null).
  void Start();
  void Stop();

  std::shared_ptr<const TopologyView> view() const { return std::atomic_load(&view_); }
  int64_t revision() const;
  // True once the view has reached `revision` (read-your-writes after a mutation).
  bool WaitForRevision(int64_t revision, absl::Duration timeout);

  enum class FetchResult { kChanges, kUpToDate, kTooOld };
  // Appends the changes after `after` from the in-memory window, at most `max` of them and at most
  // `max_bytes` (ChangeWireBytes) in all, but always at least one.
  FetchResult Fetch(int64_t after, size_t max, size_t max_bytes,
                    std::vector<std::shared_ptr<const v1::Change>>* out) const;

  void Subscribe(WatchSubscriber* s);
  void Unsubscribe(WatchSubscriber* s);
  void DrainSubscribers();
  size_t subscriber_count() const;

 private:
  void Run();
  absl::Status CatchUp();
  void Publish(const std::vector<v1::Change>& changes);

  TopologyStore* const store_;
  const std::string listen_dsn_;
  const WatchHubOptions options_;

  std::shared_ptr<const TopologyView> view_;  // atomic_load/atomic_store only

  struct Logged {
    std::shared_ptr<const v1::Change> change;
    size_t bytes;  // ChangeWireBytes
  };
  mutable std::mutex log_mu_;
  std::condition_variable log_cv_;
  std::deque<Logged> log_;  // contiguous revisions
  size_t log_bytes_ = 0;    // sum of log_'s bytes
  int64_t log_revision_ = -1;  // revision of the view the log leads to; -1 before the first load

  mutable std::mutex subscribers_mu_;
  std::set<WatchSubscriber*> subscribers_;

  std::atomic<bool> running_{false};
  std::thread thread_;
};

}  // namespace causeway::topology
