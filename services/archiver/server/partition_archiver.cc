#include "archiver/server/partition_archiver.h"

#include "absl/strings/str_cat.h"
#include "archiver/core/archive_layout.h"
#include "archiver/core/envelope.h"

namespace causeway::archiver {
namespace {

// The container header's metadata: what a reader needs to know of a file without the ledger.
std::vector<std::pair<std::string, std::string>> Metadata(const PartitionArchiverConfig& config,
                                                          const PartitionRef& p,
                                                          int64_t generation,
                                                          const ArchiveSchema& schema,
                                                          const RolledFile& f) {
  return {
      {"causeway.zone", config.zone},
      {"causeway.cluster", p.cluster},
      {"causeway.topic", p.topic},
      {"causeway.partition", absl::StrCat(p.partition)},
      {"causeway.namespace", schema.ns},
      {"causeway.event_type", schema.event_type},
      {"causeway.schema_id", absl::StrCat(schema.id)},
      {"causeway.first_offset", absl::StrCat(f.first_offset)},
      {"causeway.last_offset", absl::StrCat(f.last_offset)},
      {"causeway.records", absl::StrCat(f.records)},
      {"causeway.min_timestamp_ms", absl::StrCat(absl::ToUnixMillis(f.min_timestamp))},
      {"causeway.max_timestamp_ms", absl::StrCat(absl::ToUnixMillis(f.max_timestamp))},
      {"causeway.generation", absl::StrCat(generation)},
      {"causeway.datum", config.raw ? "raw" : "envelope"},
  };
}

}  // namespace

absl::StatusOr<std::unique_ptr<PartitionArchiver>> PartitionArchiver::Start(
    const PartitionArchiverConfig& config, ObjectStore* store, ArchiveLedger* ledger,
    PartitionRef partition, int64_t start_offset) {
  absl::StatusOr<ArchiveLease> lease = ledger->Claim(partition, start_offset);
  if (!lease.ok()) return lease.status();
  return std::unique_ptr<PartitionArchiver>(
      new PartitionArchiver(config, store, ledger, *std::move(lease)));
}

absl::Status PartitionArchiver::Add(const kafka::ConsumedRecord& record,
                                    const ArchiveSchema& schema, std::string_view body,
                                    absl::Time now) {
  const absl::Time timestamp =
      record.timestamp_ms >= 0 ? absl::FromUnixMillis(record.timestamp_ms) : now;
  absl::StatusOr<FileId> id = roller_.Add(record.offset, schema.id, timestamp,
                                          static_cast<int64_t>(body.size()), now);
  if (absl::IsResourceExhausted(id.status())) {
    // Too many files open (schema churn): the oldest closes to make room.
    if (std::optional<FileId> oldest = roller_.OldestOpen()) {
      if (absl::Status s = CloseFile(*oldest, CloseReason::kOpenFiles); !s.ok()) return s;
    }
    id = roller_.Add(record.offset, schema.id, timestamp, static_cast<int64_t>(body.size()), now);
  }
  if (!id.ok()) return id.status();
  File& file = files_[*id];
  if (file.writer == nullptr) {
    file.schema = schema;
    absl::StatusOr<std::string> container_schema =
        config_.raw ? absl::StatusOr<std::string>(schema.definition)
                    : EnvelopeSchema(schema.definition);
    if (!container_schema.ok()) return container_schema.status();
    const PartitionRef& p = lease_.partition;
    absl::StatusOr<std::unique_ptr<ArchiveFileWriter>> writer = ArchiveFileWriter::Open(
        absl::StrCat(config_.spool_dir, "/", config_.zone, "+", p.cluster, "+", p.topic, "+",
                     p.partition, "+g", lease_.generation, "+f", *id, ".spool"),
        *std::move(container_schema), config_.container);
    if (!writer.ok()) return writer.status();
    file.writer = *std::move(writer);
  }
  std::string_view datum = body;
  if (!config_.raw) {
    EnvelopeRecord env;
    env.offset = record.offset;
    env.partition = record.partition;
    env.cluster = lease_.partition.cluster;
    env.timestamp_ms = absl::ToUnixMillis(timestamp);
    if (record.key) env.key = *record.key;
    env.headers.reserve(record.headers.size());
    for (const auto& [k, v] : record.headers) env.headers.push_back({k, v});
    env.schema_id = schema.id;
    datum_.clear();
    AppendEnvelopeDatum(env, body, &datum_);
    datum = datum_;
  }
  if (absl::Status s = file.writer->Append(datum); !s.ok()) return s;
  ++stats_.records;
  return CloseDue(now);
}

absl::Status PartitionArchiver::CloseDue(absl::Time now) {
  for (const auto& [id, reason] : roller_.Due(now)) {
    if (absl::Status s = CloseFile(id, reason); !s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status PartitionArchiver::CloseFile(FileId id, CloseReason reason) {
  absl::StatusOr<RolledFile> rolled = roller_.Close(id, reason);
  if (!rolled.ok()) return rolled.status();
  File& file = files_.at(id);
  absl::StatusOr<std::string> header = file.writer->Finish(
      Metadata(config_, lease_.partition, lease_.generation, file.schema, *rolled));
  if (!header.ok()) return header.status();
  file.header = *std::move(header);
  ++stats_.closed[reason];
  if (rolled->late) ++stats_.late_files;
  return absl::OkStatus();
}

absl::Status PartitionArchiver::UploadClosed() {
  absl::Status first_error;
  for (auto& [id, file] : files_) {
    if (file.header.empty()) continue;  // still open
    const RolledFile* rolled = roller_.Find(id);
    if (rolled == nullptr || rolled->uploaded) continue;
    ArchiveFileName name;
    name.zone = config_.zone;
    name.ns = file.schema.ns;
    name.event_type = file.schema.event_type;
    name.cluster = lease_.partition.cluster;
    name.topic = lease_.partition.topic;
    name.partition = lease_.partition.partition;
    name.schema_id = file.schema.id;
    name.generation = lease_.generation;
    name.first_offset = rolled->first_offset;
    name.last_offset = rolled->last_offset;
    name.hour = rolled->hour;
    absl::StatusOr<std::string> key = ArchiveFileKey(config_.root, name);
    if (!key.ok()) return key.status();
    absl::StatusOr<UploadedFile> up =
        UploadArchiveFile(*store_, *key, file.header, file.writer->spool_path(), config_.upload);
    if (absl::IsAlreadyExists(up.status())) {
      // This generation's key exists: an earlier attempt of ours reached the store although its
      // answer did not reach us. Overwrite-free retry: upload again without the condition.
      UploadOptions again = config_.upload;
      again.if_none_match = false;
      up = UploadArchiveFile(*store_, *key, file.header, file.writer->spool_path(), again);
    }
    if (!up.ok()) {
      ++stats_.upload_errors;
      if (first_error.ok()) first_error = up.status();
      continue;
    }
    if (absl::Status s = roller_.Uploaded(id, *key, up->bytes, up->sha256); !s.ok()) return s;
  }
  return first_error;
}

absl::Status PartitionArchiver::Commit() {
  std::optional<CommitPlan> plan = roller_.PlanCommit();
  if (!plan) return absl::OkStatus();
  std::vector<ArchivedFile> files;
  files.reserve(plan->files.size());
  for (const RolledFile& f : plan->files) {
    const File& file = files_.at(f.id);
    ArchivedFile a;
    a.object_key = f.object_key;
    a.namespace_name = file.schema.ns;
    a.event_type = file.schema.event_type;
    a.schema_id = file.schema.id;
    a.hour = f.hour;
    a.first_offset = f.first_offset;
    a.last_offset = f.last_offset;
    a.records = f.records;
    a.bytes = f.object_bytes;
    a.sha256 = f.sha256;
    a.min_timestamp = f.min_timestamp;
    a.max_timestamp = f.max_timestamp;
    files.push_back(std::move(a));
  }
  std::vector<ArchiveGap> gaps;
  for (const RolledGap& g : plan->gaps) gaps.push_back(ArchiveGap{g.from_offset, g.to_offset});
  absl::StatusOr<ArchiveLease> moved = ledger_->Commit(lease_, files, gaps, plan->next_offset);
  if (!moved.ok()) return moved.status();
  lease_ = *std::move(moved);
  roller_.Committed(*plan);
  for (const RolledFile& f : plan->files) {
    ++stats_.files_committed;
    stats_.bytes_committed += f.object_bytes;
    auto it = files_.find(f.id);
    it->second.writer->Remove().IgnoreError();  // committed: the spool is not needed any more
    files_.erase(it);
  }
  return absl::OkStatus();
}

absl::Status PartitionArchiver::Tick(absl::Time now) {
  if (absl::Status s = CloseDue(now); !s.ok()) return s;
  absl::Status uploaded = UploadClosed();
  // Commit what is uploaded even when another upload failed: its files wait, the rest goes on.
  if (absl::Status s = Commit(); !s.ok()) return s;
  return uploaded;
}

absl::Status PartitionArchiver::Finish(CloseReason reason) {
  while (std::optional<FileId> id = roller_.OldestOpen()) {
    if (absl::Status s = CloseFile(*id, reason); !s.ok()) return s;
  }
  absl::Status uploaded = UploadClosed();
  if (absl::Status s = Commit(); !s.ok()) return s;
  return uploaded;
}

}  // namespace causeway::archiver
