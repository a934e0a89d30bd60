#include "cli/group_lag.h"

#include <memory>

#include "absl/strings/str_cat.h"
#include "common/kafka/consumer.h"
#include "common/kafka/rdkafka_errors.h"

namespace causeway::cli {

absl::StatusOr<int64_t> GroupLag(const ZoneCluster& cluster, const std::string& group,
                                 const std::string& topic, bool from_earliest,
                                 absl::Duration timeout) {
  auto consumer = kafka::KafkaConsumer::Create(cluster.Label(), cluster.connection,
                                               {.group_id = group});
  if (!consumer.ok()) return consumer.status();
  auto partitions = (*consumer)->PartitionCount(topic, timeout);
  if (!partitions.ok()) return partitions.status();
  rd_kafka_t* rk = (*consumer)->handle();
  const int timeout_ms = static_cast<int>(absl::ToInt64Milliseconds(timeout));
  std::unique_ptr<rd_kafka_topic_partition_list_t, decltype(&rd_kafka_topic_partition_list_destroy)>
      list(rd_kafka_topic_partition_list_new(*partitions), &rd_kafka_topic_partition_list_destroy);
  for (int32_t p = 0; p < *partitions; ++p) {
    rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p);
  }
  if (rd_kafka_resp_err_t e = rd_kafka_committed(rk, list.get(), timeout_ms);
      e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return kafka::KafkaError(e, absl::StrCat(cluster.Label(), ": committed offsets of ", group),
                             "");
  }
  int64_t lag = 0;
  for (int i = 0; i < list->cnt; ++i) {
    const rd_kafka_topic_partition_t& tp = list->elems[i];
    int64_t low = 0;
    int64_t high = 0;
    if (rd_kafka_resp_err_t e = rd_kafka_query_watermark_offsets(rk, topic.c_str(), tp.partition,
                                                                 &low, &high, timeout_ms);
        e != RD_KAFKA_RESP_ERR_NO_ERROR) {
      return kafka::KafkaError(e, absl::StrCat(cluster.Label(), ": watermarks of ", topic), "");
    }
    if (tp.offset >= 0) {
      lag += std::max<int64_t>(0, high - tp.offset);
    } else if (from_earliest) {
      lag += high - low;
    }
  }
  return lag;
}

}  // namespace causeway::cli
