#pragma once
// ArchiveFileWriter: the bytes of one archive file while it is open. Datums (an envelope or the
// bare event, already Avro binary) go through an AvroContainerWriter into a SpoolFile on local
// disk, so a 128 MiB file never sits in memory; Finish flushes and fsyncs the spool and encodes
// the container header with the metadata only known at the end (last offset, max timestamp), to
// be uploaded in front of the spool (storage/file_upload.h).
//
// Bounds: memory is one block (ContainerOptions::block_bytes + one datum). Threads: none.
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "archiver/core/avro_container.h"
#include "archiver/storage/spool_file.h"

namespace causeway::archiver {

class ArchiveFileWriter {
 public:
  // Creates the spool at `spool_path` (ALREADY_EXISTS when it exists). `schema_json` is the
  // schema every datum is written in (the envelope's or the event's own).
  static absl::StatusOr<std::unique_ptr<ArchiveFileWriter>> Open(std::string spool_path,
                                                                 std::string schema_json,
                                                                 ContainerOptions options);
  absl::Status Append(std::string_view datum);
  // The header to upload before the spool; the spool is synced. Call once, after the last Append.
  absl::StatusOr<std::string> Finish(
      const std::vector<std::pair<std::string, std::string>>& metadata);
  // Deletes the spool (after the commit, or to discard a file that failed).
  absl::Status Remove();

  const std::string& spool_path() const { return spool_->path(); }
  int64_t records() const { return container_->records(); }

 private:
  ArchiveFileWriter(std::unique_ptr<SpoolFile> spool, std::string schema_json,
                    ContainerOptions options)
      : spool_(std::move(spool)), schema_json_(std::move(schema_json)),
        options_(std::move(options)) {}

  std::unique_ptr<SpoolFile> spool_;
  const std::string schema_json_;
  const ContainerOptions options_;
  std::optional<AvroContainerWriter> container_;
};

}  // namespace causeway::archiver
