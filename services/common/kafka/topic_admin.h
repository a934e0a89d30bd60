#pragma once
// TopicAdmin: the seam through which Causeway creates and inspects Kafka topics. The topology
// service provisions an event type's topic through it; tests give it a real broker.
#include <cstdint>
#include <map>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/kafka/cluster_connection.h"

namespace causeway::kafka {

// Replication factor -1 asks the broker for its `default.replication.factor`.
inline constexpr int16_t kBrokerDefaultReplicationFactor = -1;

struct TopicSpec {
  std::string name;
  int32_t partitions = 1;
  int16_t replication_factor = kBrokerDefaultReplicationFactor;
  // Topic configs set at creation, e.g. {"retention.ms", "604800000"}.
  std::map<std::string, std::string> config;
};

struct TopicDescription {
  std::string name;
  int32_t partitions = 0;
  // Replicas of partition 0.
  int16_t replication_factor = 0;
  // Every topic config the broker reports (defaults included), e.g. "retention.ms". Empty when the
  // cluster has no admin API (librdkafka's mock cluster, see causeway-devkafka).
  std::map<std::string, std::string> config;
};

// Checks a spec before any broker is contacted: INVALID_ARGUMENT naming the field
// (`topic.name`, `topic.partitions`, `topic.replication_factor`, `topic.config`).
absl::Status ValidateTopicSpec(const TopicSpec& spec);

// Implementations must be safe to call from several threads at once; each call may block its
// calling thread up to the implementation's timeout.
class TopicAdmin {
 public:
  virtual ~TopicAdmin() = default;

  // Makes sure the topic exists on the cluster with spec.partitions partitions. Idempotent: a topic
  // that already exists with that many partitions is success (its configs are left as they are);
  // with another count it is ALREADY_EXISTS. Returns once clients can see every partition.
  // Errors: INVALID_ARGUMENT (bad spec, or refused by the broker: partitions, replication factor,
  // config), UNAVAILABLE (cluster unreachable before the deadline), DEADLINE_EXCEEDED (reached but
  // no answer in time), PERMISSION_DENIED, UNIMPLEMENTED (the cluster cannot create topics).
  virtual absl::Status CreateTopic(const ClusterConnection& cluster, const TopicSpec& spec) = 0;

  // Partitions, replication factor and configs of an existing topic; NOT_FOUND when there is none.
  // Connection errors as for CreateTopic.
  virtual absl::StatusOr<TopicDescription> DescribeTopic(const ClusterConnection& cluster,
                                                         absl::string_view topic) = 0;
};

}  // namespace causeway::kafka
