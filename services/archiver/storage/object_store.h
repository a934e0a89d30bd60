#pragma once
// The archiver's seam to where archive files are kept: an object store with S3's semantics, so the
// local filesystem (LocalStore, the default) and S3-compatible stores (S3Store) are used the same
// way by the upload and commit protocol (issue 13) and by orphan collection.
//
// Keys are relative, `/`-separated paths: ValidateObjectKey's rules (no leading `/`, no empty,
// `.` or `..` segment, at most 1024 bytes, no control characters) hold for every store, so a key
// that works locally works on S3 and cannot escape LocalStore's root.
//
// Errors (absl::Status codes, the same for every store):
//   NOT_FOUND          no such object / upload
//   ALREADY_EXISTS     Put with if_none_match and the key exists (the writer lost a race)
//   UNAVAILABLE        5xx, 429/SlowDown, timeouts, connection failures: retryable
//   ABORTED            a conflicting concurrent request (S3's 409): retryable
//   PERMISSION_DENIED  403 (a wrong secret, a missing grant), EACCES locally
//   UNAUTHENTICATED    401
//   INVALID_ARGUMENT   a bad key, part number or part list; 400
//   RESOURCE_EXHAUSTED a response larger than the store's bound, ENOSPC/EDQUOT locally
//   UNIMPLEMENTED      the store does not support a feature asked for (S3's 501)
// Stores never retry: the caller (the archiver's uploader) owns the retry policy and its budget,
// since only it knows whether the request is idempotent in its protocol.
//
// Threads: implementations are safe to call from several threads at once.
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace causeway::archiver {

inline constexpr size_t kMaxObjectKeyBytes = 1024;     // S3's limit
inline constexpr int kMaxListKeys = 1000;              // S3's page limit
inline constexpr int kMaxPartNumber = 10000;           // S3's limit
inline constexpr size_t kMinPartBytes = 5 << 20;       // S3's minimum for every part but the last

// INVALID_ARGUMENT naming `field` when `key` breaks the rules above.
absl::Status ValidateObjectKey(absl::string_view field, absl::string_view key);

struct ObjectInfo {
  std::string key;
  int64_t size = 0;
  std::string etag;           // as the store gives it (S3: quoted MD5 or multipart form)
  absl::Time last_modified;
};

struct ObjectPage {
  std::vector<ObjectInfo> objects;  // ascending by key
  std::string next;                 // continuation for the next page; empty on the last page
};

struct MultipartUpload {
  std::string key;
  std::string upload_id;
  absl::Time initiated;
};

struct MultipartPage {
  std::vector<MultipartUpload> uploads;
  std::string next;  // continuation; empty on the last page
};

struct CompletedPart {
  int part_number = 0;
  std::string etag;  // what UploadPart returned
};

struct PutOptions {
  // Create only: ALREADY_EXISTS when the key exists (S3 `If-None-Match: *`; link(2) locally).
  bool if_none_match = false;
};

class ObjectStore {
 public:
  virtual ~ObjectStore() = default;

  // Stores `bytes` at `key`, durably before returning OK.
  virtual absl::Status Put(absl::string_view key, absl::string_view bytes,
                           const PutOptions& options) = 0;
  // The whole object; RESOURCE_EXHAUSTED when it is larger than `max_bytes`.
  virtual absl::StatusOr<std::string> Get(absl::string_view key, size_t max_bytes) = 0;
  virtual absl::StatusOr<ObjectInfo> Head(absl::string_view key) = 0;
  // OK when the key does not exist (S3's semantics: deleting is idempotent).
  virtual absl::Status Delete(absl::string_view key) = 0;
  // Keys starting with `prefix`, ascending, at most `max_keys` (1..kMaxListKeys) per page, after
  // the page `continuation` ended (empty: from the start).
  virtual absl::StatusOr<ObjectPage> List(absl::string_view prefix,
                                          absl::string_view continuation, int max_keys) = 0;

  // Multipart upload: for files larger than one request should carry. Parts are numbered
  // 1..kMaxPartNumber, every part but the last at least kMinPartBytes (S3 enforces it at
  // Complete; LocalStore does not). The object appears only at Complete; Abort discards parts.
  virtual absl::StatusOr<std::string> CreateMultipartUpload(absl::string_view key) = 0;
  // Returns the part's ETag, to be given back to Complete.
  virtual absl::StatusOr<std::string> UploadPart(absl::string_view key, absl::string_view upload_id,
                                                 int part_number, absl::string_view bytes) = 0;
  // `parts` ascending by part number; INVALID_ARGUMENT for an empty, unordered or unknown list.
  virtual absl::Status CompleteMultipartUpload(absl::string_view key, absl::string_view upload_id,
                                               const std::vector<CompletedPart>& parts) = 0;
  virtual absl::Status AbortMultipartUpload(absl::string_view key,
                                            absl::string_view upload_id) = 0;
  // Uploads begun and neither completed nor aborted under `prefix` (orphan collection: abort the
  // ones older than a grace), a page at a time.
  virtual absl::StatusOr<MultipartPage> ListMultipartUploads(absl::string_view prefix,
                                                             absl::string_view continuation) = 0;
};

}  // namespace causeway::archiver
