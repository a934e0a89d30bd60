#pragma once
// ArchiveLedger: the archive's progress, committed in PostgreSQL (migrations/0008_archive.sql), so
// that files may be cut by time and still hold every event exactly once (issue 13's commit
// protocol).
//
//   Claim    on every assignment of a partition: bumps its generation, fencing every earlier
//            writer, and answers where archiving resumes (next_offset; a partition never seen
//            starts at the offset the caller gives).
//   Commit   after the files are uploaded: in one transaction, only if the partition still has the
//            lease's generation and next_offset (else ABORTED: the writer was fenced, or another
//            commit came first), inserts each file's manifest row and the gaps retention made,
//            and advances next_offset. A file whose row is not here is an orphan.
//
// A partition's files may interleave in offsets (a schema change mid-hour opens a second file
// for the same hour), so a commit checks that every file lies in [lease.next_offset, next_offset)
// and every gap too, not that the ranges tile it (Kafka offsets have holes anyway: transaction
// markers, compaction).
//
// Bounds: a commit holds at most kMaxFilesPerCommit files and kMaxGapsPerCommit gaps; ListFiles
// answers at most its query's limit (≤ kMaxListFiles); CommittedKeys takes ≤ kMaxKeysPerLookup.
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace causeway::archiver {

inline constexpr size_t kMaxFilesPerCommit = 1000;
inline constexpr size_t kMaxGapsPerCommit = 100;
inline constexpr int kMaxListFiles = 10000;
inline constexpr size_t kMaxKeysPerLookup = 1000;

struct PartitionRef {
  std::string zone;
  std::string cluster;
  std::string topic;
  int32_t partition = 0;
};

// What a writer holds between Claim and its commits.
struct ArchiveLease {
  PartitionRef partition;
  int64_t generation = 0;
  int64_t next_offset = 0;  // the first offset not archived yet
};

// One archive file's manifest row.
struct ArchivedFile {
  std::string object_key;
  PartitionRef partition;  // filled from the lease on Commit
  std::string namespace_name;
  std::string event_type;
  int32_t schema_id = 0;
  absl::Time hour;  // the UTC hour its records' timestamps fall in
  int64_t first_offset = 0;
  int64_t last_offset = 0;
  int64_t records = 0;
  int64_t bytes = 0;
  std::string sha256;  // lowercase hex of the object's bytes
  absl::Time min_timestamp;
  absl::Time max_timestamp;
  int64_t generation = 0;  // filled from the lease on Commit
};

// Offsets [from_offset, to_offset) deleted by retention before they were archived.
struct ArchiveGap {
  int64_t from_offset = 0;
  int64_t to_offset = 0;
};

struct FileQuery {
  std::string zone;            // required
  std::string namespace_name;  // empty: every namespace (then event_type must be empty too)
  std::string event_type;      // empty: every event type of the namespace
  absl::Time since = absl::InfinitePast();  // files whose hour is in [since, until)
  absl::Time until = absl::InfiniteFuture();
  int limit = 1000;            // 1..kMaxListFiles, oldest hour first
};

// INVALID_ARGUMENT, with the field path, for a commit that can never be right: too many files or
// gaps, a file or gap outside [lease.next_offset, next_offset), next_offset going backwards, a
// file with no records, bytes, key or sha256, first_offset > last_offset.
absl::Status CheckCommit(const ArchiveLease& lease, const std::vector<ArchivedFile>& files,
                         const std::vector<ArchiveGap>& gaps, int64_t next_offset);

class ArchiveLedger {
 public:
  virtual ~ArchiveLedger() = default;
  virtual absl::StatusOr<ArchiveLease> Claim(const PartitionRef& partition,
                                             int64_t start_offset) = 0;
  // ABORTED when fenced or raced (the lease is stale: claim again); INVALID_ARGUMENT as
  // CheckCommit; ALREADY_EXISTS when an object key is committed already. Returns the lease at
  // its new next_offset.
  virtual absl::StatusOr<ArchiveLease> Commit(const ArchiveLease& lease,
                                              const std::vector<ArchivedFile>& files,
                                              const std::vector<ArchiveGap>& gaps,
                                              int64_t next_offset) = 0;
  virtual absl::StatusOr<std::vector<ArchivedFile>> ListFiles(const FileQuery& query) = 0;
  virtual absl::StatusOr<std::vector<ArchiveGap>> ListGaps(const PartitionRef& partition) = 0;
  // Which of `keys` are committed (orphan collection: the others, once older than a grace).
  virtual absl::StatusOr<std::set<std::string>> CommittedKeys(
      const std::vector<std::string>& keys) = 0;
};

}  // namespace causeway::archiver
