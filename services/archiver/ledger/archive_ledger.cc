#include "archiver/ledger/archive_ledger.h"

#include "absl/strings/str_cat.h"

namespace causeway::archiver {
namespace {

absl::Status Invalid(const std::string& field, const std::string& what) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", what));
}

}  // namespace

absl::Status CheckCommit(const ArchiveLease& lease, const std::vector<ArchivedFile>& files,
                         const std::vector<ArchiveGap>& gaps, int64_t next_offset) {
  if (files.size() > kMaxFilesPerCommit) {
    return Invalid("files", absl::StrCat(files.size(), " in one commit, at most ",
                                         kMaxFilesPerCommit));
  }
  if (gaps.size() > kMaxGapsPerCommit) {
    return Invalid("gaps", absl::StrCat(gaps.size(), " in one commit, at most ",
                                        kMaxGapsPerCommit));
  }
  if (next_offset < lease.next_offset) {
    return Invalid("next_offset", absl::StrCat(next_offset, " is before the lease's ",
                                               lease.next_offset));
  }
  const auto in_range = [&](int64_t first, int64_t last_inclusive) {
    return first >= lease.next_offset && last_inclusive < next_offset;
  };
  for (size_t i = 0; i < files.size(); ++i) {
    const ArchivedFile& f = files[i];
    const std::string at = absl::StrCat("files[", i, "]");
    if (f.object_key.empty()) return Invalid(at + ".object_key", "required");
    if (f.sha256.size() != 64) return Invalid(at + ".sha256", "expected 64 hex digits");
    if (f.records <= 0) return Invalid(at + ".records", "expected at least 1");
    if (f.bytes <= 0) return Invalid(at + ".bytes", "expected at least 1");
    if (f.first_offset > f.last_offset) {
      return Invalid(at + ".first_offset",
                     absl::StrCat(f.first_offset, " is after last_offset ", f.last_offset));
    }
    if (!in_range(f.first_offset, f.last_offset)) {
      return Invalid(at, absl::StrCat("offsets ", f.first_offset, "..", f.last_offset,
                                      " are outside [", lease.next_offset, ", ", next_offset,
                                      ")"));
    }
  }
  for (size_t i = 0; i < gaps.size(); ++i) {
    const ArchiveGap& g = gaps[i];
    const std::string at = absl::StrCat("gaps[", i, "]");
    if (g.from_offset >= g.to_offset) {
      return Invalid(at, absl::StrCat("empty range [", g.from_offset, ", ", g.to_offset, ")"));
    }
    if (!in_range(g.from_offset, g.to_offset - 1)) {
      return Invalid(at, absl::StrCat("[", g.from_offset, ", ", g.to_offset, ") is outside [",
                                      lease.next_offset, ", ", next_offset, ")"));
    }
  }
  return absl::OkStatus();
}

}  // namespace causeway::archiver
