#pragma once
// SubscriptionRunner: delivers one subscription's events from one cluster. It is the consumer
// group member `causeway.sub.<name>` there (cooperative-sticky, auto-commit off) and runs the
// delivery loop of issue 11:
//
//   poll thread   reads records, decodes them (UnframeConfluent, writer schema by global id,
//                 natural JSON), tracks their offsets per partition and offers them to the
//                 DeliveryScheduler; pauses a partition whose uncommitted window is full (and
//                 seeks back to a record the window refused) and resumes it once below; commits
//                 the contiguous watermark of terminal events every commit_interval, on revoke and
//                 at Stop; serves the dead-letter producer's delivery reports. It never sleeps on a
//                 retry.
//   dispatcher    (HttpDispatcher's thread) reports each attempt: classified by the core, the
//                 event is delivered (terminal), dead-lettered, parked for a retry timer, or the
//                 subscription is gone (410: on_gone, nothing more is sent).
//   timer thread  (TimerQueue) resumes parked events when their backoff or Retry-After ends.
//
// One engine, two deliverers: a PUSH subscription's ready events become HTTP requests
// (HttpDispatcher, the answer classified by response_classifier); a PULL subscription's go to
// the PullSink (StreamHub: Relay.Consume streams), whose verdicts arrive already classified
// (ack = delivered, nack = retry with its retry_after as a Retry-After, reject = dead letter
// `rejected`). Both end in ApplyOutcomeLocked: ordering, max_in_flight, retry policy, dead
// letters and watermark commits are the same. A pull event's deadline expiries and stream
// closes are redelivered by the sink itself (attempt + 1, immediately: the event keeps its lane
// and slot and its retry budget is not spent; a consumer that cannot process an event rejects
// or nacks it). Stop forgets the events offered to the sink (not terminal: redelivered from
// the committed offset) and does not wait for them.
//
// An undecodable record is dead-lettered (`undecodable`) at once and never blocks its partition.
// A dead letter is terminal only once the broker acknowledged it (idempotent producer, acks=all);
// a failed write is tried again after a second, so an event is never lost.
//
// Revoke (cooperative): what is terminal on the revoked partitions is committed, their events
// not in flight are dropped, and answers still arriving for them are ignored (the new owner
// redelivers from the committed offset: at-least-once).
//
// Bounds: per partition the uncommitted window (`window` records); events held are at most
// assigned partitions × window, attempts in flight at most the policy's max_in_flight.
//
// Threads: Update and Status from any thread; the engine's state is under one mutex, never held
// while calling librdkafka's blocking calls or the dispatcher.
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/random/random.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "causeway/relay/v1/relay.pb.h"
#include "common/kafka/consumer.h"
#include "relay/core/callback_request.h"
#include "common/kafka/dead_letter_record.h"
#include "relay/core/delivery_scheduler.h"
#include "relay/core/response_classifier.h"
#include "relay/core/subscription_health.h"
#include "relay/server/dead_letter_producer.h"
#include "relay/server/http_dispatcher.h"
#include "relay/server/partition_state.h"
#include "relay/server/pull_sink.h"
#include "relay/server/record_decoder.h"
#include "relay/server/relay_metrics.h"
#include "relay/server/schema_index.h"
#include "relay/server/subscription_config.h"
#include "relay/server/timer_queue.h"

namespace causeway::relay {

// The dead-letter headers are shared with the CLI (common/kafka/dead_letter_record.h).
using kafka::DeadLetterInfo;
using kafka::DeadLetterReason;
using kafka::DeadLetterReasonName;
using kafka::WithDeadLetterHeaders;

struct RunnerOptions {
  // How often the watermark is committed (also on revoke and at Stop).
  absl::Duration commit_interval = absl::Seconds(5);
  // Records read and not yet terminal per partition before it is paused.
  size_t window = 10000;
  absl::Duration poll_timeout = absl::Milliseconds(100);
  // librdkafka session.timeout.ms: how long the group waits for a replica that stopped
  // answering (killed, partitioned) before its partitions move to the others.
  absl::Duration session_timeout = absl::Seconds(45);
  // No periodic commit for this long after a revoke or an empty assignment (the first phase of
  // a cooperative rebalance). librdkafka 2.0 loses the whole
  // assignment when a commit meets the second join of a cooperative rebalance
  // (ILLEGAL_GENERATION, confluentinc/librdkafka#4059, fixed only in later releases): every
  // partition would be redelivered from its last commit. Commits on revoke (inside the
  // callback, which is safe) and at Stop are not held.
  absl::Duration rebalance_commit_hold = absl::Seconds(5);
  // A record whose schema id the view does not hold yet is decoded again (every 250 ms) for this
  // long before it is dead-lettered `undecodable`: the schema may reach the view just after the
  // event.
  absl::Duration unknown_schema_wait = absl::Seconds(10);
  // A failed dead-letter write is tried again after this.
  absl::Duration dead_letter_retry = absl::Seconds(1);
};

struct RunnerDeps {
  HttpDispatcher* dispatcher = nullptr;
  // Required for a PULL subscription (Subscription.mode), unused for PUSH.
  PullSink* pull = nullptr;
  RelayMetrics* metrics = nullptr;  // may be null (unit tests)
  // The schemas of the current topology view.
  std::function<std::shared_ptr<const SchemaIndex>()> schemas;
  // The endpoint answered 410 Gone: the subscription should be suspended with this reason. Runs
  // on the dispatcher's thread; must not block.
  std::function<void(const std::string& subscription, const std::string& reason)> on_gone;
};

// A runner's counters and partitions, for GetSubscriptionStatus and the gauges.
struct RunnerStatus {
  relay::v1::DeliveryCounters counters;
  std::vector<relay::v1::PartitionStatus> partitions;
  int64_t in_flight = 0;
  int64_t retrying = 0;
  std::optional<absl::Time> oldest_undelivered;
  AttemptCounts window;  // attempts over the health window
  bool gone = false;     // stopped delivering after a 410
  std::string gone_reason;
};

class SubscriptionRunner : public std::enable_shared_from_this<SubscriptionRunner> {
 public:
  static absl::StatusOr<std::shared_ptr<SubscriptionRunner>> Start(
      std::shared_ptr<const SubscriptionConfig> config, RunnerTarget target, RunnerDeps deps,
      RunnerOptions options);
  // Stop(now) if Stop was not called.
  ~SubscriptionRunner();

  // New attempts use `config` (endpoint, delivery policy, secrets); in-flight ones finish as sent.
  void Update(std::shared_ptr<const SubscriptionConfig> config);

  // Stops fetching at once; lets in-flight attempts and dead-letter writes finish until
  // `deadline` (answers after it are abandoned: those events are redelivered after a restart);
  // commits what is terminal; leaves the group. Idempotent; the caller's thread does the work.
  void Stop(absl::Time deadline);

  RunnerStatus Status() const;
  const RunnerTarget& target() const { return target_; }
  std::shared_ptr<const SubscriptionConfig> config() const;

 private:
  struct Pending {
    PartitionId pid = 0;
    kafka::ConsumedRecord record;
    DeliveryEvent event;
    int attempts = 0;
    absl::Time first_attempt = absl::InfinitePast();
    absl::Time last_attempt = absl::InfinitePast();
    std::string last_status = "none";  // as a dead letter records it
    std::string last_class;            // the metrics label of the last attempt
    std::string last_error;
    std::optional<DeadLetterReason> dead_letter_reason;  // once dead-lettering
    bool decoded = false;  // event.payload holds the payload
    // Until when an unknown schema id is looked up again (then: dead letter `undecodable`).
    absl::Time schema_wait_until = absl::InfinitePast();
    bool in_scheduler = false;
  };
  // An attempt or a dead letter to start once the lock is released.
  struct Outbox {
    std::vector<std::pair<EventHandle, HttpRequest>> requests;
    std::vector<PullOffer> pulls;
    std::vector<std::pair<EventHandle, DeadLetter>> dead_letters;
    std::optional<std::string> gone_reason;
  };

  SubscriptionRunner(std::shared_ptr<const SubscriptionConfig> config, RunnerTarget target,
                     RunnerDeps deps, RunnerOptions options);
  absl::Status Connect();
  void PollLoop();
  // Records taken from librdkafka per hand-off to the scheduler and the sink.
  static constexpr int kRecordsPerFlush = 256;
  // Under no lock: tracks, decodes and schedules one record; what it makes ready goes to `out`.
  void OnRecord(kafka::ConsumedRecord record, Outbox& out);
  void OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                   rd_kafka_topic_partition_list_t* partitions);
  void OnAssigned(const rd_kafka_topic_partition_list_t& partitions);
  // START_POSITION_TIMESTAMP: partitions without a committed offset start at the first record at
  // or after Subscription.start_time (their offsets are set in `partitions`).
  void StartAtTimestamp(rd_kafka_t* rk, rd_kafka_topic_partition_list_t* partitions);
  // Drops the revoked partitions' state; returns their committable offsets.
  std::vector<std::pair<PartitionState*, int64_t>> Revoked(
      const rd_kafka_topic_partition_list_t& partitions);
  void Commit();
  void PauseOrResume();

  void OnResult(EventHandle handle, HttpResult result);
  void OnPullVerdicts(std::vector<PullVerdict> verdicts);
  void ApplyPullVerdictLocked(const PullVerdict& verdict, absl::Time now, Outbox& out);
  // Under mu_: what an attempt's classified outcome does to the event (both deliverers).
  // `retry_after` is a Retry-After value for Outcome::kRetryAfter; `dead_letter` the reason of
  // Outcome::kDeadLetter.
  void ApplyOutcomeLocked(EventHandle handle, Outcome outcome, absl::string_view retry_after,
                          DeadLetterReason dead_letter, const std::string& status_class,
                          Outbox& out);
  relay::v1::ConsumedEvent PullEventLocked(const Pending& p) const;
  void OnTimer(EventHandle handle);
  void OnDeadLetterWritten(EventHandle handle, absl::Status status);
  void OnRedecode(EventHandle handle);
  void ScheduleRedecodeLocked(EventHandle handle);
  static void ApplyDecoded(Pending& p, DecodedEvent decoded);

  // Under mu_: queue attempts for `ready` into `out`.
  void SendReadyLocked(const std::vector<EventHandle>& ready, Outbox& out);
  void DeadLetterLocked(EventHandle handle, DeadLetterReason reason, Outbox& out);
  void FinishLocked(EventHandle handle, std::vector<EventHandle>* ready);
  PartitionState* PartitionLocked(PartitionId pid);
  // Without mu_: sends what `out` holds.
  void Flush(Outbox out);

  std::string name() const { return name_; }
  void Count(const std::string& outcome, const std::string& status_class);

  const std::string name_;
  const bool pull_;        // a PULL subscription: events go to deps_.pull
  const uint64_t owner_;   // this runner's id towards the PullSink
  const RunnerTarget target_;
  const RunnerDeps deps_;
  const RunnerOptions options_;
  const absl::Time serving_since_ = absl::Now();
  const std::unique_ptr<SubscriptionMetrics> metrics_;  // null without deps_.metrics

  std::unique_ptr<kafka::KafkaConsumer> consumer_;
  std::unique_ptr<DeadLetterProducer> dead_letters_;
  TimerQueue timers_;
  std::thread poll_thread_;
  std::atomic<bool> fetching_{true};
  absl::Time commit_hold_until_ = absl::InfinitePast();  // the poll thread's
  std::once_flag stop_once_;

  mutable std::mutex mu_;
  std::shared_ptr<const SubscriptionConfig> config_;  // guarded by mu_
  DeliveryScheduler scheduler_;                       // guarded by mu_
  absl::flat_hash_map<EventHandle, Pending> events_;  // guarded by mu_
  // By (topic, partition); a partition assigned again gets a new PartitionId, so that answers
  // for an earlier assignment are recognised and ignored.
  std::map<std::pair<std::string, int32_t>, std::unique_ptr<PartitionState>> partitions_;
  absl::flat_hash_map<PartitionId, PartitionState*> by_id_;  // guarded by mu_
  PartitionId next_pid_ = 1;                                 // guarded by mu_
  EventHandle next_handle_ = 1;                              // guarded by mu_
  bool draining_ = false;   // guarded by mu_: no new attempts, no retries
  bool stopped_ = false;    // guarded by mu_: answers are ignored
  bool gone_ = false;       // guarded by mu_: the endpoint answered 410
  std::string gone_reason_;  // guarded by mu_
  int dead_letters_pending_ = 0;  // guarded by mu_
  relay::v1::DeliveryCounters counters_;  // guarded by mu_
  OutcomeWindow window_;                  // guarded by mu_
  absl::BitGen bitgen_;                   // guarded by mu_
};

}  // namespace causeway::relay
