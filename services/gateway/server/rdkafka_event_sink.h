#pragma once
// RdKafkaEventSink: one idempotent librdkafka producer per cluster (acks=all,
// enable.idempotence=true, murmur2_random partitioner so keys land where Java clients put them),
// created when a placement first needs it, drained and closed when no placement uses it.
// Causeway's delivery settings are applied after the cluster's client properties, whose secret
// references (`${file:...}`, `${env:...}`) are resolved here, from this process's own files and
// environment, when a producer is created. A cluster whose references do not resolve (or whose
// properties librdkafka refuses) fails every Send with FAILED_PRECONDITION naming the cluster and
// the property, logged once per distinct reason; it is tried again at most every `refusal_retry`,
// so a Secret mounted late is picked up without a restart. A rotated secret is read when the
// cluster's properties change (a new producer), not while its producer lives.
//
// Delivery reports are the single truth of what was persisted: the callback passed to Send runs
// from the producer's poll thread when Kafka acknowledged (or finally refused) the message. A
// failure on the gateway's side (its credentials, ACLs, brokers) reaches the callback as
// UNAVAILABLE or INTERNAL (kafka::ProducerError), never as the publisher's UNAUTHENTICATED or
// PERMISSION_DENIED; librdkafka's own log lines and error events go to the JSON log with the
// cluster's name.
//
// A producer that hits a fatal error (rd_kafka_fatal_error: its idempotence can no longer be
// guaranteed) is replaced by a new one at the next Send; the old one is closed like a replaced
// one: its messages get their callbacks (failed ones with DeliveryFailure::kFatal or
// kProducerClosed), and DeliveryObserver::ProducerReplaced counts it.
//
// Threads: Send and Retain may be called from any thread. Each producer has one poll thread;
// producers that are closed (unused, replaced) are closed on threads the sink joins, at the latest
// in Close().
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "gateway/server/event_sink.h"

namespace causeway::gateway {

struct SinkOptions {
  // How long librdkafka keeps retrying a message before giving up (message.timeout.ms).
  absl::Duration message_timeout = absl::Seconds(60);
  // Local queue bounds per cluster: past them Send answers RESOURCE_EXHAUSTED.
  int queue_max_messages = 100000;
  int queue_max_kbytes = 65536;
  int linger_ms = 5;
  // librdkafka's message.max.bytes: the largest record (RecordBytes) a producer sends; the
  // publisher refuses larger events with INVALID_ARGUMENT before producing them.
  int64_t message_max_bytes = kDefaultMaxRecordBytes;
  // How long closing an unused or replaced producer waits for its queue to drain.
  absl::Duration drain = absl::Seconds(10);
  // How long a cluster whose client properties failed is refused before they are read again.
  absl::Duration refusal_retry = absl::Seconds(1);
};

class RdKafkaEventSink : public EventSink {
 public:
  // `observer` (may be null) hears of producer replacements; it must outlive the sink.
  explicit RdKafkaEventSink(SinkOptions options = {}, DeliveryObserver* observer = nullptr);
  ~RdKafkaEventSink() override;

  absl::Status Send(const ClusterTarget& cluster, OutgoingEvent event,
                    DeliveryCallback on_delivery) override;
  void Retain(const std::set<std::string>& in_use) override;
  int64_t MaxRecordBytes(const ClusterTarget& cluster) const override;

  // Flushes every producer in parallel until `deadline` (producers already closing are hurried to
  // it), then purges what is left: those events' callbacks report DeliveryFailure::kShutdown.
  // Joins every thread the sink started; later Sends are UNAVAILABLE. Idempotent.
  void Close(absl::Time deadline);
  void Close() { Close(absl::Now() + options_.drain); }
  size_t producer_count() const;

  // Tests only: raises a fatal error in `cluster`'s producer (rd_kafka_test_fatal_error), as a
  // broken idempotent sequence would. NOT_FOUND when the cluster has no producer.
  absl::Status InjectFatalErrorForTesting(const std::string& cluster);

 private:
  class Producer;
  absl::StatusOr<std::shared_ptr<Producer>> ProducerFor(const ClusterTarget& cluster);
  // Closes `producer` on a thread the sink joins (reaping those that finished).
  void CloseInBackground(std::shared_ptr<Producer> producer);

  // Why a cluster's producer could not be created, for the connection `config_key` described.
  struct Refusal {
    std::string config_key;
    absl::Status status;
    absl::Time retry_at;
  };
  struct Closing {
    std::shared_ptr<Producer> producer;
    std::thread thread;
  };

  const SinkOptions options_;
  DeliveryObserver* const observer_;
  mutable std::mutex mu_;
  bool closed_ = false;
  std::map<std::string, std::shared_ptr<Producer>> producers_;  // by cluster name
  std::map<std::string, Refusal> refusals_;                     // by cluster name
  std::list<Closing> closing_;
};

}  // namespace causeway::gateway
