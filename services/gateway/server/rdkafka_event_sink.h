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
// from the producer's poll thread when Kafka acknowledged (or finally refused) the message.
//
// Threads: Send and Retain may be called from any thread. Each producer has one poll thread.
#include <map>
#include <memory>
#include <mutex>

#include "absl/time/time.h"
#include "absl/status/statusor.h"
#include "gateway/server/event_sink.h"

namespace causeway::gateway {

struct SinkOptions {
  // How long librdkafka keeps retrying a message before giving up (message.timeout.ms).
  absl::Duration message_timeout = absl::Seconds(60);
  // Local queue bounds per cluster: past them Send answers RESOURCE_EXHAUSTED.
  int queue_max_messages = 100000;
  int queue_max_kbytes = 65536;
  int linger_ms = 5;
  // How long closing a producer waits for its queue to drain.
  absl::Duration drain = absl::Seconds(10);
  // How long a cluster whose client properties failed is refused before they are read again.
  absl::Duration refusal_retry = absl::Seconds(1);
};

class RdKafkaEventSink : public EventSink {
 public:
  explicit RdKafkaEventSink(SinkOptions options = {});
  ~RdKafkaEventSink() override;

  absl::Status Send(const ClusterTarget& cluster, OutgoingEvent event,
                    DeliveryCallback on_delivery) override;
  void Retain(const std::set<std::string>& in_use) override;
  // Drains every producer (bounded by the drain time) and closes it.
  void Close();
  size_t producer_count() const;

 private:
  class Producer;
  absl::StatusOr<std::shared_ptr<Producer>> ProducerFor(const ClusterTarget& cluster);

  // Why a cluster's producer could not be created, for the connection `config_key` described.
  struct Refusal {
    std::string config_key;
    absl::Status status;
    absl::Time retry_at;
  };

  const SinkOptions options_;
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<Producer>> producers_;  // by cluster name
  std::map<std::string, Refusal> refusals_;                     // by cluster name
};

}  // namespace causeway::gateway
