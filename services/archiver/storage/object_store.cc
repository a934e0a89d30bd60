#include "archiver/storage/object_store.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace causeway::archiver {

absl::Status ValidateObjectKey(absl::string_view field, absl::string_view key) {
  auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": object key ", why));
  };
  if (key.empty()) return bad("is empty");
  if (key.size() > kMaxObjectKeyBytes) {
    return bad(absl::StrCat("is longer than ", kMaxObjectKeyBytes, " bytes"));
  }
  for (char c : key) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return bad("has a control character");
  }
  for (absl::string_view segment : absl::StrSplit(key, '/')) {
    if (segment.empty()) return bad("has an empty segment (a leading, trailing or double `/`)");
    if (segment == "." || segment == "..") return bad("has a `.` or `..` segment");
  }
  return absl::OkStatus();
}

}  // namespace causeway::archiver
