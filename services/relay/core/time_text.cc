#include "relay/core/time_text.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace causeway::relay {

std::string FormatRfc3339(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d%ET%H:%M:%E3SZ", t, absl::UTCTimeZone());
}

absl::StatusOr<absl::Time> ParseRfc3339(absl::string_view text) {
  absl::Time t;
  std::string error;
  if (!absl::ParseTime(absl::RFC3339_full, text, &t, &error)) {
    return absl::InvalidArgumentError(absl::StrCat("not an RFC 3339 timestamp: ", error));
  }
  return t;
}

}  // namespace causeway::relay
