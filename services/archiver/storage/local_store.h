#pragma once
// ObjectStore on a local filesystem (the archiver's default store: a mounted volume).
//
// Durability: an object is written to a temp file in the staging folder, fsync'ed, then moved into
// place and its folder fsync'ed (and every folder created on the way, so a crash never leaves a
// file whose directory entry is lost). Readers never see a partial object.
// If-none-match: link(2) of the temp file to the key, which fails with EEXIST atomically when the
// key exists (rename(2) would replace it). Multipart uploads are part files in
// `{root}/.causeway-staging/uploads/{upload id}/`, concatenated into a temp file at Complete.
//
// Bounds: List walks the tree under the prefix's folder on each call (a local archive root is
// expected to hold at most some hundred thousand files; S3 serves large archives) and returns at
// most kMaxListKeys keys per page. The continuation is the last key of the page.
// ETags are the SHA-256 hex of a part (parts) or empty (objects: nothing compares them locally).
//
// Threads: safe; every operation is a few system calls on distinct temp names.
#include <string>

#include "archiver/storage/object_store.h"

namespace causeway::archiver {

inline constexpr absl::string_view kLocalStagingFolder = ".causeway-staging";

class LocalStore : public ObjectStore {
 public:
  // Creates `root` (and the staging folder) when missing. INVALID_ARGUMENT for a relative root;
  // the errno's code when it cannot be created.
  static absl::StatusOr<std::unique_ptr<LocalStore>> Open(absl::string_view root);

  absl::Status Put(absl::string_view key, absl::string_view bytes,
                   const PutOptions& options) override;
  absl::StatusOr<std::string> Get(absl::string_view key, size_t max_bytes) override;
  absl::StatusOr<ObjectInfo> Head(absl::string_view key) override;
  absl::Status Delete(absl::string_view key) override;
  absl::StatusOr<ObjectPage> List(absl::string_view prefix, absl::string_view continuation,
                                  int max_keys) override;
  absl::StatusOr<std::string> CreateMultipartUpload(absl::string_view key) override;
  absl::StatusOr<std::string> UploadPart(absl::string_view key, absl::string_view upload_id,
                                         int part_number, absl::string_view bytes) override;
  absl::Status CompleteMultipartUpload(absl::string_view key, absl::string_view upload_id,
                                       const std::vector<CompletedPart>& parts) override;
  absl::Status AbortMultipartUpload(absl::string_view key, absl::string_view upload_id) override;
  absl::StatusOr<MultipartPage> ListMultipartUploads(absl::string_view prefix,
                                                     absl::string_view continuation) override;

  const std::string& root() const { return root_; }

 private:
  explicit LocalStore(std::string root) : root_(std::move(root)) {}
  absl::Status CheckKey(absl::string_view key) const;
  absl::StatusOr<std::string> UploadFolder(absl::string_view key, absl::string_view upload_id) const;
  // Writes `bytes` to a new fsync'ed temp file in staging; returns its path.
  absl::StatusOr<std::string> WriteTemp(absl::string_view bytes) const;
  // Moves a staged temp file to `key` (link when if_none_match), fsyncing folders.
  absl::Status Publish(const std::string& temp, absl::string_view key, bool if_none_match) const;

  std::string root_;
};

}  // namespace causeway::archiver
