#include "archiver/storage/spool_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "absl/strings/str_cat.h"
#include "archiver/storage/posix_io.h"

namespace causeway::archiver {

absl::StatusOr<std::unique_ptr<SpoolFile>> SpoolFile::Create(const std::string& path) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) return StatusFromErrno(errno, absl::StrCat("create spool ", path));
  return std::unique_ptr<SpoolFile>(new SpoolFile(path, fd));
}

SpoolFile::~SpoolFile() {
  if (fd_ >= 0) close(fd_);
}

absl::Status SpoolFile::Write(std::string_view bytes) {
  if (fd_ < 0) return absl::FailedPreconditionError(absl::StrCat("spool ", path_, " is removed"));
  if (auto s = WriteFully(fd_, absl::string_view(bytes.data(), bytes.size()), absl::StrCat("write spool ", path_)); !s.ok()) return s;
  size_ += static_cast<int64_t>(bytes.size());
  return absl::OkStatus();
}

absl::Status SpoolFile::Sync() {
  if (fd_ < 0) return absl::FailedPreconditionError(absl::StrCat("spool ", path_, " is removed"));
  if (fsync(fd_) != 0) return StatusFromErrno(errno, absl::StrCat("fsync spool ", path_));
  return absl::OkStatus();
}

absl::Status SpoolFile::Remove() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
  if (unlink(path_.c_str()) != 0 && errno != ENOENT) {
    return StatusFromErrno(errno, absl::StrCat("unlink spool ", path_));
  }
  return absl::OkStatus();
}

}  // namespace causeway::archiver
