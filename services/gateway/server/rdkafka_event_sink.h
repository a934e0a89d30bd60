#pragma once
// RdKafkaEventSink: one idempotent librdkafka producer per cluster (acks=all,
// enable.idempotence=true, murmur2_random partitioner so keys land where Java clients put them),
// created when a placement first needs it, drained and closed when no placement uses it.
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

  const SinkOptions options_;
  mutable std::mutex mu_;
  std::map<std::string, std::shared_ptr<Producer>> producers_;  // by cluster name
};

}  // namespace causeway::gateway
