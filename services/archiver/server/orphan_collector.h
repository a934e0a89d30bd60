#pragma once
// OrphanCollector: deletes what a crash or a fenced writer left in the store. An object under the
// zone's prefix that parses as an archive file (archive_layout.h) and has no manifest row in the
// ledger once it is older than `grace` is an orphan: its records are in another, committed file
// (or will be, from the committed offset). Incomplete multipart uploads older than the grace are
// aborted. Files younger than the grace are left alone: a live writer may be about to commit them,
// so the grace must exceed the time from upload to commit (a few ticks; the default is an hour).
// Keys that are not archive files (`_SUCCESS`, manifests, anything else) are never touched.
//
// Bounds: one List page (≤ 1000 keys) and one CommittedKeys call at a time.
// Threads: none; the archiver runs it on its reconciler thread.
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "archiver/ledger/archive_ledger.h"
#include "archiver/storage/object_store.h"

namespace causeway::archiver {

struct OrphanSweep {
  int64_t listed = 0;           // archive files seen
  int64_t deleted = 0;          // orphans deleted
  int64_t uploads_aborted = 0;  // incomplete multipart uploads aborted
};

// One sweep over `{root}/{zone}/` (root may be empty).
absl::StatusOr<OrphanSweep> CollectOrphans(ObjectStore& store, ArchiveLedger& ledger,
                                           const std::string& root, const std::string& zone,
                                           absl::Duration grace, absl::Time now);

}  // namespace causeway::archiver
