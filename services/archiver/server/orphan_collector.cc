#include "archiver/server/orphan_collector.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "archiver/core/archive_layout.h"

namespace causeway::archiver {

absl::StatusOr<OrphanSweep> CollectOrphans(ObjectStore& store, ArchiveLedger& ledger,
                                           const std::string& root, const std::string& zone,
                                           absl::Duration grace, absl::Time now) {
  OrphanSweep sweep;
  const std::string prefix = root.empty() ? absl::StrCat(zone, "/") : absl::StrCat(root, "/", zone, "/");
  std::string continuation;
  do {
    absl::StatusOr<ObjectPage> page = store.List(prefix, continuation, 1000);
    if (!page.ok()) return page.status();
    std::vector<std::string> old_files;
    for (const ObjectInfo& o : page->objects) {
      if (!ParseArchiveFileKey(root, o.key).ok()) continue;  // not an archive file: not ours
      ++sweep.listed;
      if (now - o.last_modified >= grace) old_files.push_back(o.key);
    }
    if (!old_files.empty()) {
      absl::StatusOr<std::set<std::string>> committed = ledger.CommittedKeys(old_files);
      if (!committed.ok()) return committed.status();
      for (const std::string& key : old_files) {
        if (committed->count(key) > 0) continue;
        if (absl::Status s = store.Delete(key); !s.ok()) return s;
        ++sweep.deleted;
      }
    }
    continuation = page->next;
  } while (!continuation.empty());

  std::string uploads_continuation;
  do {
    absl::StatusOr<MultipartPage> page = store.ListMultipartUploads(prefix, uploads_continuation);
    if (!page.ok()) return page.status();
    for (const MultipartUpload& u : page->uploads) {
      if (now - u.initiated < grace) continue;
      if (absl::Status s = store.AbortMultipartUpload(u.key, u.upload_id); !s.ok()) return s;
      ++sweep.uploads_aborted;
    }
    uploads_continuation = page->next;
  } while (!uploads_continuation.empty());
  return sweep;
}

}  // namespace causeway::archiver
