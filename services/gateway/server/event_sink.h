#pragma once
// EventSink: where the gateway writes encoded events. The publish core takes this interface;
// RdKafkaEventSink (one idempotent librdkafka producer per cluster) is the real implementation.
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/status/status.h"

namespace causeway::gateway {

struct ClusterTarget {
  std::string name;
  std::string bootstrap_servers;
  std::map<std::string, std::string> properties;
};

struct OutgoingEvent {
  std::string topic;
  bool has_key = false;
  std::string key;
  std::string value;  // Confluent-framed Avro
  std::vector<std::pair<std::string, std::string>> headers;
};

// librdkafka's (and Kafka's) default message.max.bytes: the largest record a producer sends.
inline constexpr int64_t kDefaultMaxRecordBytes = 1000000;

// What `event` weighs against message.max.bytes: value, key and headers as librdkafka counts them
// (rd_kafka_msg_max_wire_size), plus the most a record's framing adds; never less than librdkafka's
// own count, so an event within the limit here is not refused there.
int64_t RecordBytes(const OutgoingEvent& event);

// Why a queued event was not written; the label of causeway_gateway_accepted_lost_total{reason}.
enum class DeliveryFailure {
  kNone,
  kTimedOut,        // "message_timeout": no acknowledgement within the message timeout
  kShutdown,        // "shutdown": still queued when the drain budget ran out
  kProducerClosed,  // "producer_closed": its producer was replaced or closed before it was written
  kFatal,           // "producer_fatal": the producer hit a fatal error (idempotence broken)
  kRefused,         // "refused": the cluster refused it (credentials, ACLs, size, ...)
};
absl::string_view DeliveryFailureName(DeliveryFailure failure);

struct Delivery {
  absl::Status status;  // OK: acknowledged with acks=all
  int32_t partition = -1;
  int64_t offset = -1;
  DeliveryFailure failure = DeliveryFailure::kNone;  // set when status is not OK
};

using DeliveryCallback = std::function<void(const Delivery&)>;

class EventSink {
 public:
  virtual ~EventSink() = default;
  // Queues `event` for `cluster`. On OK, `on_delivery` is called exactly once, later, from the
  // sink's thread, with Kafka's verdict. On error (RESOURCE_EXHAUSTED: local queue full;
  // FAILED_PRECONDITION: the cluster's client properties are refused; UNAVAILABLE: shutting down)
  // it is never called.
  virtual absl::Status Send(const ClusterTarget& cluster, OutgoingEvent event,
                            DeliveryCallback on_delivery) = 0;
  // Drains and closes the producers of clusters that are not in `in_use`.
  virtual void Retain(const std::set<std::string>& in_use) = 0;
  // The largest RecordBytes() `cluster` accepts (its producer's message.max.bytes).
  virtual int64_t MaxRecordBytes(const ClusterTarget& cluster) const {
    (void)cluster;
    return kDefaultMaxRecordBytes;
  }
};

// An event answered ACCEPTED (queued everywhere) whose write to one cluster then failed: the
// caller was told it is on its way and it is not.
struct AcceptedLoss {
  std::string event_id;
  std::string namespace_;
  std::string event_type;
  std::string zone;
  std::string cluster;
  DeliveryFailure failure = DeliveryFailure::kNone;
  absl::Status error;
};

// Told about what must never pass unnoticed: ACCEPTED events lost and producers replaced.
// Called from the sink's threads; implementations are thread-safe.
class DeliveryObserver {
 public:
  virtual ~DeliveryObserver() = default;
  virtual void AcceptedLost(const AcceptedLoss& loss) = 0;
  // `reason`: "properties_changed" or "fatal".
  virtual void ProducerReplaced(const std::string& cluster, absl::string_view reason,
                                const std::string& detail) = 0;
};

}  // namespace causeway::gateway
