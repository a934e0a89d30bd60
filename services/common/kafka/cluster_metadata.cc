#include "common/kafka/cluster_metadata.h"

#include "absl/strings/str_cat.h"

namespace causeway::kafka {
namespace {

TopicLayout LayoutOf(const rd_kafka_metadata_topic_t& topic) {
  TopicLayout layout;
  layout.partitions = topic.partition_cnt;
  layout.replication_factor =
      topic.partition_cnt > 0 ? static_cast<int16_t>(topic.partitions[0].replica_cnt) : 0;
  layout.every_partition_led = topic.err == RD_KAFKA_RESP_ERR_NO_ERROR && topic.partition_cnt > 0;
  for (int i = 0; i < topic.partition_cnt; ++i) {
    const rd_kafka_metadata_partition_t& partition = topic.partitions[i];
    if (partition.err != RD_KAFKA_RESP_ERR_NO_ERROR || partition.leader < 0) {
      layout.every_partition_led = false;
    }
  }
  return layout;
}

}  // namespace

absl::StatusOr<ClusterMetadata> FetchClusterMetadata(RdKafkaClient& client, absl::Time deadline,
                                                     absl::string_view action) {
  const struct rd_kafka_metadata* raw = nullptr;
  const rd_kafka_resp_err_t err =
      rd_kafka_metadata(client.handle(), /*all_topics=*/1, nullptr, &raw, RemainingMs(deadline));
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return client.FailureStatus(
        err, action, absl::StrCat(rd_kafka_err2str(err), " (asking for cluster metadata)"));
  }
  ClusterMetadata metadata;
  for (int i = 0; i < raw->topic_cnt; ++i) {
    const rd_kafka_metadata_topic_t& topic = raw->topics[i];
    if (topic.err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) continue;
    metadata.topics.emplace(topic.topic, LayoutOf(topic));
  }
  // The request above has just refreshed librdkafka's cached controller id: no wait. A controller
  // that is not among the brokers is none at all (librdkafka's mock names a broker 0 it lacks).
  const int32_t controller_id = rd_kafka_controllerid(client.handle(), 0);
  metadata.brokers = raw->broker_cnt;
  for (int i = 0; i < raw->broker_cnt; ++i) {
    if (raw->brokers[i].id == controller_id) metadata.controller_id = controller_id;
  }
  rd_kafka_metadata_destroy(raw);
  return metadata;
}

}  // namespace causeway::kafka
