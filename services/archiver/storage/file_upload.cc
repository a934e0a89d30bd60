#include "archiver/storage/file_upload.h"

#include <fcntl.h>
#include <openssl/evp.h>
#include <unistd.h>

#include <cerrno>
#include <memory>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "archiver/storage/posix_io.h"

namespace causeway::archiver {
namespace {

// Streaming SHA-256 of everything uploaded.
class Digest {
 public:
  Digest() : context_(EVP_MD_CTX_new()) { EVP_DigestInit_ex(context_.get(), EVP_sha256(), nullptr); }
  void Update(absl::string_view bytes) {
    EVP_DigestUpdate(context_.get(), bytes.data(), bytes.size());
  }
  std::string Hex() {
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_DigestFinal_ex(context_.get(), out, &length);
    return absl::BytesToHexString(absl::string_view(reinterpret_cast<char*>(out), length));
  }

 private:
  struct Free {
    void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
  };
  std::unique_ptr<EVP_MD_CTX, Free> context_;
};

class SpoolReader {
 public:
  explicit SpoolReader(const std::string& path)
      : path_(path), fd_(open(path.c_str(), O_RDONLY | O_CLOEXEC)) {}
  ~SpoolReader() {
    if (fd_ >= 0) close(fd_);
  }
  absl::Status status() const {
    return fd_ >= 0 ? absl::OkStatus()
                    : StatusFromErrno(open_errno_, absl::StrCat("open spool ", path_));
  }
  // Appends up to `want` bytes to `out`; fewer only at the end of the file.
  absl::Status Read(size_t want, std::string* out) {
    size_t start = out->size();
    out->resize(start + want);
    size_t done = 0;
    while (done < want) {
      ssize_t n = read(fd_, out->data() + start + done, want - done);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) {
        out->resize(start + done);
        return StatusFromErrno(errno, absl::StrCat("read spool ", path_));
      }
      if (n == 0) break;
      done += static_cast<size_t>(n);
    }
    out->resize(start + done);
    return absl::OkStatus();
  }

 private:
  std::string path_;
  int fd_;
  int open_errno_ = errno;
};

}  // namespace

absl::StatusOr<UploadedFile> UploadArchiveFile(ObjectStore& store, absl::string_view key,
                                               absl::string_view header,
                                               const std::string& spool_path,
                                               const UploadOptions& options) {
  if (options.part_bytes == 0) return absl::InvalidArgumentError("part_bytes: must be positive");
  SpoolReader spool(spool_path);
  if (auto s = spool.status(); !s.ok()) return s;
  Digest digest;
  UploadedFile uploaded;

  // The first part: the header and as much of the spool as fits (header ≤ kMaxHeaderBytes).
  std::string part(header);
  if (part.size() < options.part_bytes) {
    if (auto s = spool.Read(options.part_bytes - part.size(), &part); !s.ok()) return s;
  }
  std::string next;
  if (auto s = spool.Read(options.part_bytes, &next); !s.ok()) return s;
  if (next.empty()) {  // fits in one request
    digest.Update(part);
    if (auto s = store.Put(key, part, {.if_none_match = options.if_none_match}); !s.ok()) return s;
    uploaded.bytes = static_cast<int64_t>(part.size());
    uploaded.sha256 = digest.Hex();
    return uploaded;
  }

  auto upload_id = store.CreateMultipartUpload(key);
  if (!upload_id.ok()) return upload_id.status();
  std::vector<CompletedPart> parts;
  absl::Status status;
  while (!part.empty()) {
    digest.Update(part);
    const int number = static_cast<int>(parts.size()) + 1;
    if (number > kMaxPartNumber) {
      status = absl::InvalidArgumentError(
          absl::StrCat("part_bytes: the file needs more than ", kMaxPartNumber, " parts"));
      break;
    }
    auto etag = store.UploadPart(key, *upload_id, number, part);
    if (!etag.ok()) {
      status = etag.status();
      break;
    }
    parts.push_back({number, *etag});
    uploaded.bytes += static_cast<int64_t>(part.size());
    part = std::move(next);
    next.clear();
    if (!part.empty()) {
      status = spool.Read(options.part_bytes, &next);
      if (!status.ok()) break;
    }
  }
  if (status.ok()) status = store.CompleteMultipartUpload(key, *upload_id, parts);
  if (!status.ok()) {
    (void)store.AbortMultipartUpload(key, *upload_id);  // best effort: orphan collection retries
    return status;
  }
  uploaded.parts = static_cast<int>(parts.size());
  uploaded.sha256 = digest.Hex();
  return uploaded;
}

}  // namespace causeway::archiver
