#pragma once
// Timestamps as the relay writes them into headers: RFC 3339 in UTC with milliseconds
// (`2026-12-03T10:00:00.123Z`), the precision of a Kafka record timestamp.
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace causeway::relay {

std::string FormatRfc3339(absl::Time t);

// Any RFC 3339 timestamp (offset or `Z`, any fraction); INVALID_ARGUMENT otherwise.
absl::StatusOr<absl::Time> ParseRfc3339(absl::string_view text);

}  // namespace causeway::relay
