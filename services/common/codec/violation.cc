#include "common/codec/violation.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"

namespace causeway::codec {

std::string Violation::ToString() const { return absl::StrCat(path, ": ", message); }

absl::Status ViolationsToStatus(std::span<const Violation> violations) {
  if (violations.empty()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrJoin(
      violations, "\n", [](std::string* out, const Violation& v) { out->append(v.ToString()); }));
}

std::string ExpectedGot(std::string_view what, std::string_view got) {
  return absl::StrFormat("expected %s, got %s", what, got);
}

std::string ExpectedGotBecause(std::string_view what, std::string_view got, std::string_view why) {
  return absl::StrFormat("expected %s, got %s (%s)", what, got, why);
}

std::string InvalidJson(std::string_view why) { return absl::StrFormat("invalid JSON: %s", why); }

std::string NestedTooDeep(size_t max_depth) {
  return absl::StrFormat("nested deeper than %d levels of arrays and objects", max_depth);
}

std::string PayloadTooLarge(size_t size, size_t limit) {
  return absl::StrFormat("payload of %d bytes is larger than the limit of %d", size, limit);
}

std::string TooManyViolations(size_t limit) {
  return absl::StrFormat("more than %d violations; stopped listing", limit);
}

std::string DefaultsTooLarge(size_t limit) {
  return absl::StrFormat(
      "the field's default cannot be written: the defaults this payload takes expand past the "
      "bound of %d values and bytes",
      limit);
}

std::string UnionTooAmbiguous() {
  return "too ambiguous to match to a union's records; name the branch, as in "
         "{\"com.example.Rec\": {...}}";
}

}  // namespace causeway::codec
