#pragma once
// The body of an archive file while it is being built: a ByteSink into a local file (the spool),
// so a 128 MiB file never sits in memory. Its header is written last (avro_container.h), and
// UploadArchiveFile (file_upload.h) sends header + spool as one object.
//
// Errors: the errno's code (ENOSPC → RESOURCE_EXHAUSTED: a full disk is reported, never ignored).
// The destructor closes the file but does not delete it (the caller decides: after a crash the
// spool folder is emptied at start, next session).
//
// Threads: one writer per spool.
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "archiver/core/avro_container.h"

namespace causeway::archiver {

class SpoolFile : public ByteSink {
 public:
  // Creates `path` (O_EXCL: ALREADY_EXISTS when it exists).
  static absl::StatusOr<std::unique_ptr<SpoolFile>> Create(const std::string& path);
  ~SpoolFile() override;
  SpoolFile(const SpoolFile&) = delete;
  SpoolFile& operator=(const SpoolFile&) = delete;

  absl::Status Write(std::string_view bytes) override;
  // fsync: the spool survives a crash of this process (it can be uploaded after a restart).
  absl::Status Sync();
  // Closes and deletes the file.
  absl::Status Remove();

  const std::string& path() const { return path_; }
  int64_t size() const { return size_; }

 private:
  SpoolFile(std::string path, int fd) : path_(std::move(path)), fd_(fd) {}
  std::string path_;
  int fd_;
  int64_t size_ = 0;
};

}  // namespace causeway::archiver
