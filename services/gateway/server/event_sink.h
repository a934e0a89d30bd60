#pragma once
// EventSink: where the gateway writes encoded events. The publish core takes this interface;
// RdKafkaEventSink (one idempotent librdkafka producer per cluster) is the real implementation.
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <string>
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

struct Delivery {
  absl::Status status;  // OK: acknowledged with acks=all
  int32_t partition = -1;
  int64_t offset = -1;
};

using DeliveryCallback = std::function<void(const Delivery&)>;

class EventSink {
 public:
  virtual ~EventSink() = default;
  // Queues `event` for `cluster`. On OK, `on_delivery` is called exactly once, later, from the
  // sink's thread, with Kafka's verdict. On error (RESOURCE_EXHAUSTED: local queue full;
  // FAILED_PRECONDITION: the cluster's client properties are refused) it is never called.
  virtual absl::Status Send(const ClusterTarget& cluster, OutgoingEvent event,
                            DeliveryCallback on_delivery) = 0;
  // Drains and closes the producers of clusters that are not in `in_use`.
  virtual void Retain(const std::set<std::string>& in_use) = 0;
};

}  // namespace causeway::gateway
