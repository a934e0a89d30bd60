#pragma once
// StreamHub: the open Relay.Consume streams of this replica, by PULL subscription, and the
// PullSink their runners deliver to (pull_sink.h). Per subscription a PullTracker
// (core/pull_tracker.h) spreads the events the runners let go over its streams (flow control by
// max_outstanding_events / _bytes, batches of max_batch or after batch_flush, ack ids, ack
// deadlines); the hub holds each event's payload until it is settled, and turns acks, nacks and
// rejects into verdicts for the runner that offered it. Its thread sends due batches,
// redelivers expired events and sends a heartbeat on every stream each `heartbeat`.
//
// Group membership follows the streams: Wanted(subscription) is true while a stream is open on
// it (or for `linger` after the last one closed, so a consumer reconnecting does not cause two
// rebalances); the supervisor runs a PULL subscription's runners only while it is wanted, and
// the hub pokes it (on_membership) when that may have changed.
//
// Bounds: at most max_streams streams, max_streams_per_subscription per subscription; events
// held are those the runners offered (each runner holds at most partitions × window); per stream
// one write queue bounded by its max_outstanding_events (a batch holds only outstanding events)
// plus one heartbeat.
//
// Threads: every method from any thread; one mutex; sinks are called under it (their Send and End
// never call back into the hub), verdicts after it is released.
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "absl/random/random.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "relay/core/pull_tracker.h"
#include "relay/server/pull_sink.h"
#include "relay/server/relay_metrics.h"

namespace causeway::relay {

// One stream as the hub sees it (the gRPC reactor, or a test's fake).
class ConsumeSink {
 public:
  virtual ~ConsumeSink() = default;
  // Queues one message; never blocks, never calls the hub.
  virtual void Send(relay::v1::ConsumeResponse message) = 0;
  // Ends the stream with `status` after what is queued; never calls the hub.
  virtual void End(absl::Status status) = 0;
};

struct StreamHubOptions {
  // --max-streams-per-subscription, --max-streams.
  int max_streams_per_subscription = 64;
  int max_streams = 1024;
  absl::Duration heartbeat = absl::Seconds(15);
  absl::Duration linger = absl::Seconds(2);
};

class StreamHub final : public PullSink {
 public:
  StreamHub(StreamHubOptions options, RelayMetrics* metrics);
  ~StreamHub() override;

  void SetOnMembership(std::function<void()> fn);

  // Registers a stream whose init is `completed` (CompleteInit); sends it `started`.
  // RESOURCE_EXHAUSTED over a cap, UNAVAILABLE while draining.
  absl::StatusOr<StreamId> Open(const relay::v1::ConsumeInit& completed, ConsumeSink* sink);
  // The stream is gone: its outstanding events go to the other streams. Idempotent. After it
  // returns the hub never calls the sink again.
  void Close(StreamId id);
  void Handle(StreamId id, const relay::v1::ConsumeRequest& request);

  bool Wanted(const std::string& subscription) const;
  // Ends every stream with UNAVAILABLE and refuses new ones; verdicts stop (what was acked is
  // already reported; the rest is redelivered after the restart).
  void Drain();

  void Offer(const std::string& subscription, uint64_t owner, std::vector<PullOffer> events,
             Verdicts verdicts) override;
  void Forget(const std::string& subscription, uint64_t owner) override;

  size_t streams() const;

 private:
  struct Event {
    uint64_t owner;
    uint64_t handle;  // the owner's
    relay::v1::ConsumedEvent proto;
  };
  struct Sub {
    PullTracker tracker;
    std::map<PullToken, Event> events;
    std::map<uint64_t, Verdicts> owners;  // of the events held (one per runner)
    std::set<StreamId> streams;
    absl::Time last_closed = absl::InfinitePast();
    std::unique_ptr<PullMetrics> metrics;
  };
  struct Stream {
    std::string subscription;
    ConsumeSink* sink;
    absl::Time next_heartbeat;
  };
  // Verdicts settled under the lock, reported after it is released: one call per owner.
  using After = std::map<uint64_t, std::pair<Verdicts, std::vector<PullVerdict>>>;

  Sub& SubLocked(const std::string& name);
  // Assigns queued events and sends due batches of `sub`; true when the hub's thread must wake
  // sooner than it planned (a batch to flush or a deadline before its wake).
  bool PumpLocked(Sub& sub, absl::Time now);
  void Settle(StreamId id, const std::string& ack_id, PullVerdict verdict, After& after);
  void Run();

  const StreamHubOptions options_;
  RelayMetrics* const metrics_;
  std::function<void()> on_membership_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::map<std::string, Sub> subs_;       // guarded by mu_
  std::map<StreamId, Stream> streams_;    // guarded by mu_
  StreamId next_stream_ = 1;              // guarded by mu_
  PullToken next_token_ = 1;              // guarded by mu_
  absl::BitGen bitgen_;                   // guarded by mu_
  bool draining_ = false;                 // guarded by mu_
  bool stopping_ = false;                 // guarded by mu_
  // When the hub's thread wakes next; others notify it only for something sooner.
  absl::Time wake_ = absl::InfinitePast();  // guarded by mu_
  std::thread thread_;
};

}  // namespace causeway::relay
