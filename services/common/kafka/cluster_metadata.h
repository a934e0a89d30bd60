#pragma once
// What one Metadata request says about a cluster, copied out of librdkafka's structs into values.
#include <cstdint>
#include <map>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/kafka/rdkafka_client.h"

namespace causeway::kafka {

struct TopicLayout {
  int32_t partitions = 0;
  // Replicas of partition 0.
  int16_t replication_factor = 0;
  // False while some partition has no leader: just created, or a broker is down.
  bool every_partition_led = false;
};

struct ClusterMetadata {
  // -1 when the cluster names no controller among its brokers, so it cannot run admin requests
  // (CreateTopics, DescribeConfigs): librdkafka's mock names a broker 0 that does not exist.
  int32_t controller_id = -1;
  // Brokers the cluster reports: an upper bound on a topic's replication factor.
  int32_t brokers = 0;
  std::map<std::string, TopicLayout, std::less<>> topics;
};

// Asks for the metadata of every topic, never of one topic by name: on brokers with
// auto.create.topics.enable, and on librdkafka's mock cluster, asking by name creates the topic.
// Errors as RdKafkaClient::FailureStatus, `action` leading the message.
absl::StatusOr<ClusterMetadata> FetchClusterMetadata(RdKafkaClient& client, absl::Time deadline,
                                                     absl::string_view action);

}  // namespace causeway::kafka
