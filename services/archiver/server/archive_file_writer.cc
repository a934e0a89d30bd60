#include "archiver/server/archive_file_writer.h"

namespace causeway::archiver {

absl::StatusOr<std::unique_ptr<ArchiveFileWriter>> ArchiveFileWriter::Open(
    std::string spool_path, std::string schema_json, ContainerOptions options) {
  if (options.sync_marker.empty()) options.sync_marker = RandomSyncMarker();
  absl::StatusOr<std::unique_ptr<SpoolFile>> spool = SpoolFile::Create(spool_path);
  if (!spool.ok()) return spool.status();
  std::unique_ptr<ArchiveFileWriter> w(
      new ArchiveFileWriter(*std::move(spool), std::move(schema_json), std::move(options)));
  absl::StatusOr<AvroContainerWriter> container =
      AvroContainerWriter::Create(w->options_, w->spool_.get());
  if (!container.ok()) {
    w->spool_->Remove().IgnoreError();
    return container.status();
  }
  w->container_.emplace(*std::move(container));
  return w;
}

absl::Status ArchiveFileWriter::Append(std::string_view datum) { return container_->Append(datum); }

absl::StatusOr<std::string> ArchiveFileWriter::Finish(
    const std::vector<std::pair<std::string, std::string>>& metadata) {
  if (absl::Status s = container_->Flush(); !s.ok()) return s;
  if (absl::Status s = spool_->Sync(); !s.ok()) return s;
  return EncodeContainerHeader(schema_json_, options_.codec, metadata, options_.sync_marker);
}

absl::Status ArchiveFileWriter::Remove() { return spool_->Remove(); }

}  // namespace causeway::archiver
