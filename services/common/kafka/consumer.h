#pragma once
// KafkaConsumer: the one librdkafka consumer of Causeway's processes and tools (the CLI's tail,
// the relay, test read-back, benchmarks). It is configured as every client of a cluster is
// (NewClusterConf: the cluster's properties with their secret references resolved, then the
// consumer's own settings) and hands out records as plain values.
//
// Threads: not shared. One thread polls; librdkafka's own threads stay inside librdkafka.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/kafka/cluster_connection.h"
#include "common/kafka/rdkafka_conf.h"
#include "librdkafka/rdkafka.h"

namespace causeway::kafka {

// One record as read, copied out of librdkafka's buffers.
struct ConsumedRecord {
  std::string topic;
  int32_t partition = -1;
  int64_t offset = -1;
  // Milliseconds since the epoch (the producer's create time or the broker's append time); -1
  // when the record has none.
  int64_t timestamp_ms = -1;
  std::optional<std::string> key;  // nullopt for a null key
  std::string value;
  // In the record's order; a name may repeat.
  std::vector<std::pair<std::string, std::string>> headers;

  // The last value of header `name`, or nullopt.
  std::optional<std::string_view> Header(std::string_view name) const;
};

// Copies a librdkafka message (err must be NO_ERROR) into a ConsumedRecord.
ConsumedRecord CopyRecord(const rd_kafka_message_t& message);

struct ConsumerOptions {
  // The consumer group. A group nobody else uses (the CLI's tail, tests) never moves a real
  // consumer's offsets.
  std::string group_id;
  // Where a partition without a committed offset starts: "earliest" or "latest".
  std::string auto_offset_reset = "latest";
  // Offsets are the caller's to commit (CommitSync); auto-commit is off unless set here.
  bool auto_commit = false;
  // Deliver a partition-EOF event when a partition is read to its end (PollResult::kEof).
  bool partition_eof = false;
  // More librdkafka settings, applied after the above (e.g. partition.assignment.strategy).
  OwnSettings extra;
  // Called on the polling thread for every rebalance (RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS /
  // __REVOKE_PARTITIONS) instead of the default (assign / unassign, incremental for the
  // cooperative protocol). The callback must apply the assignment itself.
  std::function<void(rd_kafka_t*, rd_kafka_resp_err_t, rd_kafka_topic_partition_list_t*)>
      on_rebalance;
};

class KafkaConsumer {
 public:
  // `cluster_label` leads every error (e.g. `cluster "eu-1"`).
  static absl::StatusOr<std::unique_ptr<KafkaConsumer>> Create(std::string cluster_label,
                                                               const ClusterConnection& cluster,
                                                               ConsumerOptions options);
  // Leaves the group (rd_kafka_consumer_close) and destroys the handle.
  ~KafkaConsumer();
  KafkaConsumer(const KafkaConsumer&) = delete;
  KafkaConsumer& operator=(const KafkaConsumer&) = delete;

  // Joins the group for these topics.
  absl::Status Subscribe(const std::vector<std::string>& topics);
  // Reads these partitions of `topic` from `offset` (RD_KAFKA_OFFSET_BEGINNING, ...), without
  // group membership.
  absl::Status Assign(const std::string& topic, const std::vector<int32_t>& partitions,
                      int64_t offset);
  // The topic's partition count from the cluster's metadata.
  absl::StatusOr<int> PartitionCount(const std::string& topic, absl::Duration timeout);

  enum class PollResult : uint8_t { kRecord, kNothing, kEof, kError };
  struct Polled {
    PollResult result = PollResult::kNothing;
    ConsumedRecord record;  // for kRecord
    // For kEof: the partition read to its end; for kError: librdkafka's error.
    std::string topic;
    int32_t partition = -1;
    rd_kafka_resp_err_t error = RD_KAFKA_RESP_ERR_NO_ERROR;
    std::string error_text;
  };
  // Waits up to `timeout` for one record or event.
  Polled Poll(absl::Duration timeout);

  // Whether the group has given this consumer any partitions yet.
  bool HasAssignment() const;

  // Commits these offsets (the next offset to read, per partition) synchronously.
  absl::Status CommitSync(const rd_kafka_topic_partition_list_t& offsets);

  rd_kafka_t* handle() const { return handle_; }
  const std::string& cluster_label() const { return cluster_label_; }

 private:
  KafkaConsumer(std::string cluster_label, ConsumerOptions options)
      : cluster_label_(std::move(cluster_label)), options_(std::move(options)) {}
  static void OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                          rd_kafka_topic_partition_list_t* partitions, void* opaque);

  const std::string cluster_label_;
  const ConsumerOptions options_;
  rd_kafka_t* handle_ = nullptr;
};

}  // namespace causeway::kafka
