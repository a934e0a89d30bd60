#include "archiver/ledger/pg_archive_ledger.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace causeway::archiver {
namespace {

// Times cross as microseconds since the epoch (timestamptz's precision).
int64_t Micros(absl::Time t) { return absl::ToUnixMicros(t); }
absl::Time FromMicros(int64_t us) { return absl::FromUnixMicros(us); }

std::string Where(const PartitionRef& p) {
  return absl::StrCat(p.zone, "/", p.cluster, "/", p.topic, "/", p.partition);
}

}  // namespace

PgArchiveLedger::PgArchiveLedger(std::string dsn, int connections)
    : pool_(std::move(dsn), connections) {}

absl::StatusOr<ArchiveLease> PgArchiveLedger::Claim(const PartitionRef& partition,
                                                    int64_t start_offset) {
  if (start_offset < 0) {
    return absl::InvalidArgumentError(absl::StrCat("start_offset: ", start_offset, " < 0"));
  }
  return pool_.WithTransaction<ArchiveLease>([&](pqxx::work& tx) -> absl::StatusOr<ArchiveLease> {
    // One statement: two claims at once get two generations, never the same one.
    const pqxx::result r = tx.exec_params(
        "INSERT INTO archive_partitions (zone, cluster, topic, partition, next_offset, generation) "
        "VALUES ($1, $2, $3, $4, $5, 1) "
        "ON CONFLICT (zone, cluster, topic, partition) DO UPDATE "
        "SET generation = archive_partitions.generation + 1, claimed_at = now() "
        "RETURNING generation, next_offset",
        partition.zone, partition.cluster, partition.topic, partition.partition, start_offset);
    ArchiveLease lease;
    lease.partition = partition;
    lease.generation = r[0][0].as<int64_t>();
    lease.next_offset = r[0][1].as<int64_t>();
    return lease;
  });
}

absl::StatusOr<ArchiveLease> PgArchiveLedger::Commit(const ArchiveLease& lease,
                                                     const std::vector<ArchivedFile>& files,
                                                     const std::vector<ArchiveGap>& gaps,
                                                     int64_t next_offset) {
  if (absl::Status s = CheckCommit(lease, files, gaps, next_offset); !s.ok()) return s;
  const PartitionRef& p = lease.partition;
  return pool_.WithTransaction<ArchiveLease>([&](pqxx::work& tx) -> absl::StatusOr<ArchiveLease> {
    const pqxx::result moved = tx.exec_params(
        "UPDATE archive_partitions SET next_offset = $7, committed_at = now() "
        "WHERE zone = $1 AND cluster = $2 AND topic = $3 AND partition = $4 "
        "AND generation = $5 AND next_offset = $6",
        p.zone, p.cluster, p.topic, p.partition, lease.generation, lease.next_offset, next_offset);
    if (moved.affected_rows() != 1) {
      const pqxx::result now = tx.exec_params(
          "SELECT generation, next_offset FROM archive_partitions "
          "WHERE zone = $1 AND cluster = $2 AND topic = $3 AND partition = $4",
          p.zone, p.cluster, p.topic, p.partition);
      if (now.empty()) {
        return absl::FailedPreconditionError(
            absl::StrCat("partition ", Where(p), " was never claimed"));
      }
      const int64_t generation = now[0][0].as<int64_t>();
      if (generation != lease.generation) {
        return absl::AbortedError(absl::StrCat(
            "fenced: partition ", Where(p), " is at generation ", generation, ", this writer holds ",
            lease.generation, " (another writer claimed it); nothing was committed"));
      }
      return absl::AbortedError(absl::StrCat(
          "partition ", Where(p), " is archived up to offset ", now[0][1].as<int64_t>(),
          ", not ", lease.next_offset, " as this lease expects; nothing was committed"));
    }
    for (const ArchivedFile& f : files) {
      tx.exec_params(
          "INSERT INTO archive_files (object_key, zone, cluster, topic, partition, namespace, "
          "event_type, schema_id, hour, first_offset, last_offset, records, bytes, sha256, "
          "min_timestamp, max_timestamp, generation) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
          "to_timestamp($9::bigint / 1e6), $10, $11, $12, $13, $14, to_timestamp($15::bigint / "
          "1e6), to_timestamp($16::bigint / 1e6), $17)",
          f.object_key, p.zone, p.cluster, p.topic, p.partition, f.namespace_name, f.event_type,
          f.schema_id, Micros(f.hour), f.first_offset, f.last_offset, f.records, f.bytes, f.sha256,
          Micros(f.min_timestamp), Micros(f.max_timestamp), lease.generation);
    }
    for (const ArchiveGap& g : gaps) {
      tx.exec_params(
          "INSERT INTO archive_gaps (zone, cluster, topic, partition, from_offset, to_offset, "
          "generation) VALUES ($1, $2, $3, $4, $5, $6, $7)",
          p.zone, p.cluster, p.topic, p.partition, g.from_offset, g.to_offset, lease.generation);
    }
    ArchiveLease out = lease;
    out.next_offset = next_offset;
    return out;
  });
}

absl::StatusOr<std::vector<ArchivedFile>> PgArchiveLedger::ListFiles(const FileQuery& q) {
  if (q.zone.empty()) return absl::InvalidArgumentError("zone: required");
  if (q.namespace_name.empty() && !q.event_type.empty()) {
    return absl::InvalidArgumentError("event_type: needs its namespace");
  }
  if (q.limit < 1 || q.limit > kMaxListFiles) {
    return absl::InvalidArgumentError(
        absl::StrCat("limit: expected 1..", kMaxListFiles, ", got ", q.limit));
  }
  // Open bounds: the epoch (Kafka timestamps are not negative) and the year 10000.
  const absl::Time earliest = absl::UnixEpoch();
  const absl::Time latest = absl::FromUnixSeconds(253402300800);
  const int64_t since = Micros(std::clamp(q.since, earliest, latest));
  const int64_t until = Micros(std::clamp(q.until, earliest, latest));
  return pool_.WithTransaction<std::vector<ArchivedFile>>(
      [&](pqxx::work& tx) -> absl::StatusOr<std::vector<ArchivedFile>> {
        const pqxx::result r = tx.exec_params(
            "SELECT object_key, cluster, topic, partition, namespace, event_type, schema_id, "
            "(extract(epoch FROM hour) * 1e6)::bigint, first_offset, last_offset, records, "
            "bytes, sha256, (extract(epoch FROM min_timestamp) * 1e6)::bigint, "
            "(extract(epoch FROM max_timestamp) * 1e6)::bigint, generation "
            "FROM archive_files WHERE zone = $1 AND ($2 = '' OR namespace = $2) "
            "AND ($3 = '' OR event_type = $3) "
            "AND hour >= to_timestamp($4::bigint / 1e6) AND hour < to_timestamp($5::bigint / 1e6) "
            "ORDER BY hour, namespace, event_type, cluster, topic, partition, first_offset "
            "LIMIT $6",
            q.zone, q.namespace_name, q.event_type, since, until, q.limit);
        std::vector<ArchivedFile> out;
        out.reserve(r.size());
        for (const pqxx::row& row : r) {
          ArchivedFile f;
          f.object_key = row[0].as<std::string>();
          f.partition = PartitionRef{q.zone, row[1].as<std::string>(), row[2].as<std::string>(),
                                     row[3].as<int32_t>()};
          f.namespace_name = row[4].as<std::string>();
          f.event_type = row[5].as<std::string>();
          f.schema_id = row[6].as<int32_t>();
          f.hour = FromMicros(row[7].as<int64_t>());
          f.first_offset = row[8].as<int64_t>();
          f.last_offset = row[9].as<int64_t>();
          f.records = row[10].as<int64_t>();
          f.bytes = row[11].as<int64_t>();
          f.sha256 = row[12].as<std::string>();
          f.min_timestamp = FromMicros(row[13].as<int64_t>());
          f.max_timestamp = FromMicros(row[14].as<int64_t>());
          f.generation = row[15].as<int64_t>();
          out.push_back(std::move(f));
        }
        return out;
      });
}

absl::StatusOr<std::vector<ArchiveGap>> PgArchiveLedger::ListGaps(const PartitionRef& p) {
  return pool_.WithTransaction<std::vector<ArchiveGap>>(
      [&](pqxx::work& tx) -> absl::StatusOr<std::vector<ArchiveGap>> {
        const pqxx::result r = tx.exec_params(
            "SELECT from_offset, to_offset FROM archive_gaps WHERE zone = $1 AND cluster = $2 "
            "AND topic = $3 AND partition = $4 ORDER BY from_offset",
            p.zone, p.cluster, p.topic, p.partition);
        std::vector<ArchiveGap> out;
        for (const pqxx::row& row : r) {
          out.push_back(ArchiveGap{row[0].as<int64_t>(), row[1].as<int64_t>()});
        }
        return out;
      });
}

absl::StatusOr<std::set<std::string>> PgArchiveLedger::CommittedKeys(
    const std::vector<std::string>& keys) {
  if (keys.size() > kMaxKeysPerLookup) {
    return absl::InvalidArgumentError(
        absl::StrCat("keys: ", keys.size(), " at once, at most ", kMaxKeysPerLookup));
  }
  for (const std::string& k : keys) {
    // Object keys hold no control characters (ValidateObjectKey), so newline separates them.
    if (k.find('\n') != std::string::npos) {
      return absl::InvalidArgumentError("keys: an object key holds a newline");
    }
  }
  if (keys.empty()) return std::set<std::string>{};
  return pool_.WithTransaction<std::set<std::string>>(
      [&](pqxx::work& tx) -> absl::StatusOr<std::set<std::string>> {
        const pqxx::result r = tx.exec_params(
            "SELECT object_key FROM archive_files "
            "WHERE object_key = ANY (string_to_array($1, E'\\n'))",
            absl::StrJoin(keys, "\n"));
        std::set<std::string> out;
        for (const pqxx::row& row : r) out.insert(row[0].as<std::string>());
        return out;
      });
}

}  // namespace causeway::archiver
