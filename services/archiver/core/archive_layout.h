#pragma once
// Where an archive file lives, and what its name says (issue 13's layout):
//
//   {root}/{zone}/{namespace}/{event_type}/dt=YYYY-MM-DD/hr=HH/
//       {cluster}+{topic}+{partition}+{first:020}-{last:020}+s{schema_id}+g{generation}.avro
//
// The hour is the UTC hour of the records' timestamps (the file's first record decides: a file
// never spans hours, the writer closes it at the hour). Offsets are zero-padded to 20 digits so
// keys sort by offset within a partition. The name carries everything needed to find a file's
// records without opening it; parsing it back is how orphan collection and `archive list` read a
// listing. Names cannot contain `+` or `/` (zone, namespace, cluster, event type and topic rules in
// common/core/names.h exclude both), so the name splits unambiguously.
//
// Pure. Threads: none.
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace causeway::archiver {

struct ArchiveFileName {
  std::string zone;
  std::string ns;          // the event type's namespace
  std::string event_type;
  std::string cluster;
  std::string topic;
  int32_t partition = 0;
  int64_t first_offset = 0;
  int64_t last_offset = 0;  // inclusive
  int32_t schema_id = 0;
  int64_t generation = 0;   // the writer's lease generation (fencing; issue 13's commit protocol)
  absl::Time hour;          // the UTC hour the file's records belong to (minutes, seconds zero)

  bool operator==(const ArchiveFileName&) const = default;
};

// The UTC hour that holds `timestamp_ms` (a Kafka record timestamp, milliseconds since the epoch).
absl::Time HourOf(int64_t timestamp_ms);

// The folder of an hour: "{root}/{zone}/{namespace}/{event_type}/dt=YYYY-MM-DD/hr=HH" (no slash
// at either end; an empty root gives a key without a leading slash, as S3 keys are written).
std::string HourFolder(absl::string_view root, absl::string_view zone, absl::string_view ns,
                       absl::string_view event_type, absl::Time hour);

// The key (or relative path) of a file. INVALID_ARGUMENT naming the field when a name breaks its
// rule, the partition, an offset, the schema id or the generation is negative, or last < first.
absl::StatusOr<std::string> ArchiveFileKey(absl::string_view root, const ArchiveFileName& name);

// Parses a key that ArchiveFileKey made with the same root. INVALID_ARGUMENT saying which part is
// wrong for any other key (a `_SUCCESS` marker, a manifest, a temp file: callers skip those).
absl::StatusOr<ArchiveFileName> ParseArchiveFileKey(absl::string_view root, absl::string_view key);

}  // namespace causeway::archiver
