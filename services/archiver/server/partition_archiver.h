#pragma once
// PartitionArchiver: archives one Kafka partition of an archived zone, exactly once (issue 13).
//
//   Start   claims the partition in the ledger (a new generation: any earlier writer is fenced)
//           and says where to read from (next_offset).
//   Add     places a record in its file (PartitionRoller: per schema id and UTC hour) and appends
//           its datum (the envelope, or the bare event in raw mode) to that file's spool.
//   Tick    closes the files that are due, uploads closed files (header + spool, one Put or a
//           multipart upload), and commits in the ledger what PartitionRoller::PlanCommit allows;
//           the spools of committed files are deleted. Called from a timer, so an idle partition's
//           file still closes and commits.
//   Finish  (revoke, shutdown) closes every file, uploads and commits; what cannot be committed
//           is left to the next owner, which re-reads it from the committed offset.
//
// An upload that fails is tried again at the next Tick (the file stays closed, its spool kept).
// A commit the ledger refuses as ABORTED means this writer was fenced: the caller stops the
// partition (its files are orphans, collected later). Nothing is committed before its file is in
// the store, and next_offset never passes a record that is not in a committed file or a gap.
//
// Bounds: open files ≤ RollerOptions::max_open_files (the oldest closes to make room); memory per
// open file one container block; spool disk per file ≤ max_file_bytes (+ one block).
// Threads: none; one archiver per partition, used by one thread.
#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "archiver/core/avro_container.h"
#include "archiver/core/partition_roller.h"
#include "archiver/ledger/archive_ledger.h"
#include "archiver/server/archive_file_writer.h"
#include "archiver/storage/file_upload.h"
#include "archiver/storage/object_store.h"
#include "common/kafka/consumer.h"

namespace causeway::archiver {

// The writer schema of a record, as the archiver needs it.
struct ArchiveSchema {
  int32_t id = 0;  // the Confluent global id (0: a record without Confluent framing, as bytes)
  std::string ns;
  std::string event_type;
  std::string definition;  // Avro JSON
};

struct PartitionArchiverConfig {
  std::string zone;
  std::string root;       // key prefix in the store ("" = its top)
  std::string spool_dir;  // local folder for open files' bodies
  bool raw = false;       // datums are the bare events, not envelopes
  ContainerOptions container;
  RollerOptions roller;
  UploadOptions upload;
};

struct PartitionArchiverStats {
  int64_t records = 0;
  int64_t files_committed = 0;
  int64_t bytes_committed = 0;  // object bytes
  int64_t upload_errors = 0;
  int64_t late_files = 0;
  std::map<CloseReason, int64_t> closed;  // files closed, by reason
};

class PartitionArchiver {
 public:
  static absl::StatusOr<std::unique_ptr<PartitionArchiver>> Start(
      const PartitionArchiverConfig& config, ObjectStore* store, ArchiveLedger* ledger,
      PartitionRef partition, int64_t start_offset);

  // Where the consumer must read from (the ledger's next_offset at the claim).
  int64_t start_offset() const { return start_; }
  // What the ledger holds: everything below is in committed files or gaps.
  int64_t committed_offset() const { return lease_.next_offset; }
  int64_t generation() const { return lease_.generation; }
  int64_t next_read() const { return roller_.next_read(); }
  absl::Time oldest_pending() const { return roller_.OldestPending(); }

  // `body` is the record's value after the Confluent framing (for schema id 0: the whole value).
  // FAILED_PRECONDITION for an offset already placed (a duplicate fetch: skip it).
  absl::Status Add(const kafka::ConsumedRecord& record, const ArchiveSchema& schema,
                   std::string_view body, absl::Time now);
  // Offsets [next_read, to) that retention deleted before they were read.
  void Gap(int64_t to_offset) { roller_.Gap(to_offset); }
  // ABORTED: fenced (stop this partition). UNAVAILABLE etc.: an upload or the ledger failed,
  // retried at the next Tick.
  absl::Status Tick(absl::Time now);
  absl::Status Finish(CloseReason reason);

  const PartitionArchiverStats& stats() const { return stats_; }
  size_t open_files() const { return roller_.open_files(); }

 private:
  struct File {
    ArchiveSchema schema;
    std::unique_ptr<ArchiveFileWriter> writer;
    std::string header;  // once closed
  };
  PartitionArchiver(const PartitionArchiverConfig& config, ObjectStore* store,
                    ArchiveLedger* ledger, ArchiveLease lease)
      : config_(config), store_(store), ledger_(ledger), lease_(std::move(lease)),
        start_(lease_.next_offset), roller_(config.roller, lease_.next_offset) {}

  absl::Status CloseFile(FileId id, CloseReason reason);
  absl::Status CloseDue(absl::Time now);
  absl::Status UploadClosed();
  absl::Status Commit();

  const PartitionArchiverConfig config_;
  ObjectStore* const store_;
  ArchiveLedger* const ledger_;
  ArchiveLease lease_;
  const int64_t start_;
  PartitionRoller roller_;
  std::map<FileId, File> files_;
  std::string datum_;  // reused
  PartitionArchiverStats stats_;
};

}  // namespace causeway::archiver
