#pragma once
// ClusterArchiver: the archiver's member of the consumer group `causeway-archiver.<zone>` on one
// cluster of the zone (cooperative-sticky, auto-commit off, read_committed), over the topics of
// the event types placed there. Each assigned partition gets a PartitionArchiver, which claims it
// in the ledger (fencing the previous owner) and says where to read from; the consumer is sought
// there, so Kafka's committed offset is only a hint for lag tools (committed best-effort after each
// ledger commit). A partition whose retention passed the ledger's offset gets a gap recorded.
//
//   poll thread  reads records (up to 256 per round), unframes them (Confluent framing: the schema
//                id; a record without it is archived as Avro `bytes` under schema id 0), looks the
//                schema up in the zone plan and adds them to their partition; a schema id the plan
//                does not hold yet pauses the partition at that record and retries after a second.
//                Every `tick` it ticks every partition (close, upload, commit) and commits the
//                ledger's offsets to Kafka. A fenced partition is dropped and paused (its new owner
//                archives it). On revoke and at Stop, partitions finish (close, upload, commit).
//
// Bounds: per partition as PartitionArchiver; librdkafka's prefetch queued.max.messages.kbytes
// (16 MiB). Threads: Update and Stop from any thread; the rest on the poll thread.
#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/time/time.h"
#include "archiver/server/partition_archiver.h"
#include "archiver/server/zone_plan.h"
#include "common/kafka/consumer.h"

namespace causeway::archiver {

struct ClusterArchiverOptions {
  std::string cluster;
  kafka::ClusterConnection connection;
  // The consumer group; empty: causeway-archiver.<zone> (one group per zone: its replicas share
  // the partitions).
  std::string group_id;
  // Where a partition the ledger has never seen starts: "earliest" or "latest".
  std::string start = "earliest";
  absl::Duration tick = absl::Seconds(1);
  absl::Duration poll_timeout = absl::Milliseconds(100);
  absl::Duration session_timeout = absl::Seconds(10);
  absl::Duration unknown_schema_retry = absl::Seconds(1);
};

struct ClusterArchiverStats {
  int64_t records = 0;
  int64_t files_committed = 0;
  int64_t bytes_committed = 0;
  int64_t upload_errors = 0;
  int64_t fenced = 0;
  int64_t gaps = 0;
  int64_t unframed = 0;
  int64_t partitions = 0;
  // Records on the brokers not yet in committed files (high watermark - committed offset, summed
  // over the partitions held), and the age of the oldest record read but not committed.
  int64_t lag_records = 0;
  absl::Duration lag = absl::ZeroDuration();
  std::map<CloseReason, int64_t> closed;
};

// Adds `from` into `to` (counters and partitions summed, lag the larger): one archiver's clusters,
// or a cluster's finished and live partitions.
void AddStats(ClusterArchiverStats& to, const ClusterArchiverStats& from);

class ClusterArchiver {
 public:
  using PlanFn = std::function<std::shared_ptr<const ZonePlan>()>;
  static absl::StatusOr<std::unique_ptr<ClusterArchiver>> Start(
      PartitionArchiverConfig config, ClusterArchiverOptions options, ObjectStore* store,
      ArchiveLedger* ledger, PlanFn plan);
  ~ClusterArchiver();

  // The zone plan changed: the topics are read again on the poll thread.
  void Update();
  // Finishes every partition (close, upload, commit), leaves the group.
  void Stop();
  ClusterArchiverStats Stats() const;

 private:
  ClusterArchiver(PartitionArchiverConfig config, ClusterArchiverOptions options,
                  ObjectStore* store, ArchiveLedger* ledger, PlanFn plan)
      : config_(std::move(config)), options_(std::move(options)), store_(store), ledger_(ledger),
        plan_(std::move(plan)) {}
  using TopicPartition = std::pair<std::string, int32_t>;
  struct Partition {
    std::unique_ptr<PartitionArchiver> archiver;
    int64_t kafka_committed = -1;
    absl::Time retry_at = absl::InfinitePast();  // paused for an unknown schema until then
    int64_t retry_offset = -1;
  };

  void PollLoop();
  void OnRecord(const kafka::ConsumedRecord& record, const ZonePlan& plan);
  void OnRebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                   rd_kafka_topic_partition_list_t* partitions);
  void Assigned(rd_kafka_t* rk, rd_kafka_topic_partition_list_t* partitions);
  void Revoked(rd_kafka_t* rk, const rd_kafka_topic_partition_list_t& partitions, bool lost);
  void TickAll();
  void CommitKafka(rd_kafka_t* rk);
  void Seek(const TopicPartition& tp, int64_t offset, bool pause);
  void Resubscribe();
  void Fold(const PartitionArchiverStats& s);

  const PartitionArchiverConfig config_;
  const ClusterArchiverOptions options_;
  ObjectStore* const store_;
  ArchiveLedger* const ledger_;
  const PlanFn plan_;

  std::unique_ptr<kafka::KafkaConsumer> consumer_;
  std::map<TopicPartition, Partition> partitions_;  // the poll thread's
  std::vector<std::string> topics_;                 // the poll thread's
  std::atomic<bool> running_{true};
  std::atomic<bool> replan_{true};
  std::thread thread_;
  std::once_flag stop_once_;

  mutable std::mutex stats_mu_;
  ClusterArchiverStats stats_;            // guarded by stats_mu_: partitions finished
  ClusterArchiverStats live_;             // guarded by stats_mu_: a copy of the live ones
};

}  // namespace causeway::archiver
