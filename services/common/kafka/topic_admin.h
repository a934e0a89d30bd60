#pragma once
// TopicAdmin: the seam through which Causeway creates and inspects Kafka topics. The topology
// service provisions an event type's topic through it; tests give it a real broker.
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/kafka/cluster_connection.h"

namespace causeway::kafka {

// Replication factor -1 asks the broker for its `default.replication.factor`.
inline constexpr int16_t kBrokerDefaultReplicationFactor = -1;
// The topic config that makes acks=all mean "on at least this many replicas".
inline constexpr char kMinInsyncReplicasConfig[] = "min.insync.replicas";

// What CreateTopic does with a topic that is already on the cluster.
enum class ExistingTopic {
  // Accept it if its layout matches the spec (idempotent creation, or an adopted topic).
  kVerify,
  // Refuse it (ALREADY_EXISTS): the caller did not create it and must not write to it.
  kRefuse,
};

struct TopicSpec {
  std::string name;
  int32_t partitions = 1;
  int16_t replication_factor = kBrokerDefaultReplicationFactor;
  // Set as the topic config `min.insync.replicas` at creation and verified on an existing topic;
  // 0 leaves the broker's default and verifies nothing.
  int32_t min_insync_replicas = 0;
  // Other topic configs, set at creation only (an existing topic keeps its own), e.g.
  // {"retention.ms", "604800000"}.
  std::map<std::string, std::string> config;
  ExistingTopic existing = ExistingTopic::kVerify;
};

struct TopicDescription {
  std::string name;
  int32_t partitions = 0;
  // Replicas of partition 0.
  int16_t replication_factor = 0;
  // Every topic config the broker reports (defaults included), e.g. "retention.ms". Empty when the
  // cluster has no admin API (librdkafka's mock cluster, see causeway-devkafka).
  std::map<std::string, std::string> config;
  // The names in `config` set on the topic itself rather than inherited from the broker.
  std::set<std::string> topic_overrides;
};

// Checks a spec before any broker is contacted: INVALID_ARGUMENT naming the field
// (`topic.name`, `topic.partitions`, `topic.replication_factor`, `topic.min_insync_replicas`,
// `topic.config`).
absl::Status ValidateTopicSpec(const TopicSpec& spec);

// Whether an existing topic has the spec's layout: partitions, replication factor (unless the
// spec asks for the broker default) and min.insync.replicas (when the spec sets it and the
// description has configs). FAILED_PRECONDITION naming every difference, led by `action`.
absl::Status CheckExistingTopic(const TopicSpec& spec, const TopicDescription& existing,
                                absl::string_view action);

// Implementations must be safe to call from several threads at once; each call may block its
// calling thread up to the implementation's timeout.
class TopicAdmin {
 public:
  virtual ~TopicAdmin() = default;

  // Makes sure the topic exists on the cluster as the spec says. A topic that already exists
  // (before the call, or created concurrently by someone else) is ALREADY_EXISTS with
  // spec.existing = kRefuse; with kVerify it is success when CheckExistingTopic accepts it (its
  // other configs are left as they are) and FAILED_PRECONDITION naming what differs otherwise.
  // Returns once clients can see every partition.
  // Errors: INVALID_ARGUMENT (bad spec, or refused by the broker: partitions, replication factor
  // above the broker count, config), UNAVAILABLE (cluster unreachable before the deadline),
  // DEADLINE_EXCEEDED (reached but no answer in time), PERMISSION_DENIED, UNIMPLEMENTED (the
  // cluster cannot create topics).
  virtual absl::Status CreateTopic(const ClusterConnection& cluster, const TopicSpec& spec) = 0;

  // Partitions, replication factor and configs of an existing topic; NOT_FOUND when there is none.
  // Connection errors as for CreateTopic.
  virtual absl::StatusOr<TopicDescription> DescribeTopic(const ClusterConnection& cluster,
                                                         absl::string_view topic) = 0;
};

}  // namespace causeway::kafka
