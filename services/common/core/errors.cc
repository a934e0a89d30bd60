#include "common/core/errors.h"

#include "absl/strings/str_cat.h"

namespace causeway {

absl::Status InvalidField(absl::string_view path, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(path, ": ", message));
}

absl::Status NotFound(absl::string_view kind, absl::string_view key) {
  return absl::NotFoundError(absl::StrCat(kind, " \"", key, "\" not found"));
}

absl::Status AlreadyExists(absl::string_view kind, absl::string_view key) {
  return absl::AlreadyExistsError(absl::StrCat(kind, " \"", key, "\" already exists"));
}

absl::Status StaleVersion(absl::string_view kind, absl::string_view key, long long given,
                          long long current) {
  return absl::AbortedError(absl::StrCat(kind, " \"", key, "\" is at version ", current,
                                         ", not ", given, ": re-read it and retry"));
}

absl::Status Annotate(const absl::Status& status, absl::string_view context) {
  if (status.ok()) return status;
  return absl::Status(status.code(), absl::StrCat(context, ": ", status.message()));
}

}  // namespace causeway
