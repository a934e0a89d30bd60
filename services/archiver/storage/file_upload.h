#pragma once
// Sends one archive file — its header (bytes) followed by its spooled body (a local file) — to an
// ObjectStore as one object, and says what was stored (bytes, SHA-256, for the manifest row of the
// commit protocol, issue 13).
//
// One Put (with if-none-match) when the file fits in `part_bytes`; otherwise a multipart upload
// of `part_bytes` parts (the last one smaller), read from the spool one part at a time, so memory
// stays at one part. On any failure the multipart upload is aborted (best effort: orphan
// collection finds an upload whose abort failed) and the first error is returned as the store gave
// it, so the caller's retry policy sees UNAVAILABLE / ABORTED as retryable. No retries here.
//
// A multipart upload is not conditional (S3's conditional Complete is not used: not every
// S3-compatible store has it). The archiver's keys carry the writer generation, and the commit in
// PostgreSQL is what makes a file count, so an overwrite by a fenced writer is never committed.
//
// Threads: one upload per call; the store may be shared.
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "archiver/storage/object_store.h"

namespace causeway::archiver {

struct UploadOptions {
  size_t part_bytes = 16 << 20;  // ≥ kMinPartBytes for S3; also the memory held per upload
  bool if_none_match = true;     // for the single-Put path
};

struct UploadedFile {
  int64_t bytes = 0;
  std::string sha256;  // lowercase hex of the whole object
  int parts = 0;       // 0: one Put
};

// INVALID_ARGUMENT when part_bytes is 0; the spool's errno code when it cannot be read.
absl::StatusOr<UploadedFile> UploadArchiveFile(ObjectStore& store, absl::string_view key,
                                               absl::string_view header,
                                               const std::string& spool_path,
                                               const UploadOptions& options);

}  // namespace causeway::archiver
