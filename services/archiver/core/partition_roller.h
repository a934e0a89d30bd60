#pragma once
// PartitionRoller: one partition's archive files between the consumer and the ledger — which
// file each record goes to, when a file closes, and what may be committed (issue 13).
//
// A file holds the records of one schema id and one UTC hour (archive_layout.h). A schema change
// mid-hour opens a second file for that hour; a late record of an hour whose file was closed
// opens a new one (marked late: its hour is before the newest record's). So one partition's files interleave in offsets, and a commit may
// advance the partition's next_offset only below the first offset of every file still open,
// closed but not uploaded yet, or left out of the commit — PlanCommit computes exactly that, so
// every record is in exactly one committed file however files are cut.
//
// Files close when due (Due): size (max_file_bytes), records (max_file_records), age
// (max_file_age since the file opened, by the caller's clock: the archiver calls Due from a timer,
// so an idle partition's file still closes), hour (a record of this partition's is past the
// file's hour by hour_grace, in event time); and all at once on revoke and shutdown (CloseAll).
//
// Life of a file: Add opens it → Close (with its reason) → Uploaded (its object key, bytes and
// sha256 once the store has it) → in a PlanCommit → Committed. A failed upload is retried by the
// caller; a file is never dropped (a revoked partition's files are simply forgotten with the
// roller: the next owner re-reads from the committed offset).
//
// Pure: no I/O, no clock (times are parameters). Bounds: open files ≤ max_open_files (Add refuses
// with RESOURCE_EXHAUSTED beyond, so a stream of schema changes cannot make a file storm: the
// caller closes the oldest first); closed-not-committed files are those the caller has not
// committed yet (the archiver commits as soon as uploads finish).
// Threads: none; one roller per partition, used by its writer's thread.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace causeway::archiver {

enum class CloseReason { kSize, kRecords, kAge, kHour, kOpenFiles, kRevoke, kShutdown };
// "size", "records", "age", "hour", "open_files" (closed to make room, the oldest first),
// "revoke", "shutdown": the metric label.
const char* CloseReasonName(CloseReason reason);

struct RollerOptions {
  int64_t max_file_bytes = int64_t{128} << 20;
  int64_t max_file_records = 10'000'000;
  absl::Duration max_file_age = absl::Minutes(15);
  absl::Duration hour_grace = absl::Minutes(10);
  int max_open_files = 16;
};

using FileId = uint64_t;

struct RolledFile {
  FileId id = 0;
  int32_t schema_id = 0;
  absl::Time hour;
  int64_t first_offset = 0;
  int64_t last_offset = 0;
  int64_t records = 0;
  int64_t bytes = 0;  // datum bytes appended (what size closes on)
  absl::Time min_timestamp = absl::InfiniteFuture();
  absl::Time max_timestamp = absl::InfinitePast();
  absl::Time opened_at;
  bool late = false;  // opened for an hour before the newest record's (a late record)
  // Once closed:
  std::optional<CloseReason> closed;
  // Once uploaded:
  bool uploaded = false;
  std::string object_key;
  int64_t object_bytes = 0;
  std::string sha256;
};

struct RolledGap {
  int64_t from_offset = 0;
  int64_t to_offset = 0;
};

// What one ledger commit takes: these files and gaps, and next_offset after them.
struct CommitPlan {
  std::vector<RolledFile> files;
  std::vector<RolledGap> gaps;
  int64_t next_offset = 0;
};

class PartitionRoller {
 public:
  // Archiving of the partition resumes at `next_offset` (the ledger's lease).
  PartitionRoller(RollerOptions options, int64_t next_offset);

  // Places one record (offset ascending; a record at or below one already placed is
  // FAILED_PRECONDITION: a duplicate fetch the caller skips). Returns the file it goes to, opened
  // now when needed. RESOURCE_EXHAUSTED when a file would open beyond max_open_files.
  absl::StatusOr<FileId> Add(int64_t offset, int32_t schema_id, absl::Time timestamp,
                             int64_t bytes, absl::Time now);
  // Offsets [next read, to) that will never be read (retention deleted them): recorded as a gap.
  void Gap(int64_t to_offset);

  // Open files due to close at `now`, oldest first, with their reason.
  std::vector<std::pair<FileId, CloseReason>> Due(absl::Time now) const;
  // A file not committed yet (nullptr: unknown or committed).
  const RolledFile* Find(FileId id) const;
  // The oldest open file (to close when Add refused: too many open files).
  std::optional<FileId> OldestOpen() const;
  // Closes an open file; returns it (NOT_FOUND for an unknown or closed one).
  absl::StatusOr<RolledFile> Close(FileId id, CloseReason reason);
  // Closes every open file (revoke, shutdown); returns them.
  std::vector<RolledFile> CloseAll(CloseReason reason);
  // The store has a closed file: its key, object size and sha256 go into the commit.
  absl::Status Uploaded(FileId id, std::string object_key, int64_t object_bytes,
                        std::string sha256);

  // The largest commit possible now (nullopt when it would not advance next_offset).
  std::optional<CommitPlan> PlanCommit() const;
  // The ledger took `plan`: its files and gaps are forgotten, next_offset moves.
  void Committed(const CommitPlan& plan);

  // The earliest record timestamp not committed yet among the records placed (InfiniteFuture
  // when every placed record is committed): how far behind the archive is, in event time.
  absl::Time OldestPending() const;

  int64_t committed_offset() const { return committed_; }  // the ledger's next_offset
  int64_t next_read() const { return next_read_; }
  size_t open_files() const;
  size_t files() const { return files_.size(); }  // open, closed and uploaded, not committed

 private:
  const RollerOptions options_;
  int64_t committed_;
  int64_t next_read_;
  absl::Time event_time_high_ = absl::InfinitePast();  // newest record timestamp seen
  FileId next_id_ = 1;
  std::map<FileId, RolledFile> files_;  // by id: ids grow with opening order
  std::vector<RolledGap> gaps_;
};

}  // namespace causeway::archiver
