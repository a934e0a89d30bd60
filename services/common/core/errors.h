#pragma once
// Error factories: every module words the same kind of failure the same way, so that clients can
// rely on the status code and the leading field path.
#include "absl/strings/string_view.h"
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace causeway {

// `path: message` with INVALID_ARGUMENT, e.g. InvalidField("zone.name", "must not be empty").
absl::Status InvalidField(absl::string_view path, absl::string_view message);

// `<kind> "<key>" not found`, NOT_FOUND.
absl::Status NotFound(absl::string_view kind, absl::string_view key);

// `<kind> "<key>" already exists`, ALREADY_EXISTS.
absl::Status AlreadyExists(absl::string_view kind, absl::string_view key);

// Optimistic-concurrency conflict, ABORTED.
absl::Status StaleVersion(absl::string_view kind, absl::string_view key, long long given,
                          long long current);

// Prefixes a status message with context, keeping its code: "placing mfp/X: <message>".
absl::Status Annotate(const absl::Status& status, absl::string_view context);

}  // namespace causeway
