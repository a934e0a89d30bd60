#include "cli/errors.h"

#include "absl/strings/cord.h"

namespace causeway::cli {
namespace {

constexpr absl::string_view kKindPayload = "type.causeway.dev/cli.error-kind";

absl::Status WithKind(absl::string_view message, absl::string_view kind) {
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kKindPayload, absl::Cord(kind));
  return status;
}

bool HasKind(const absl::Status& status, absl::string_view kind) {
  auto payload = status.GetPayload(kKindPayload);
  return payload.has_value() && *payload == kind;
}

}  // namespace

absl::Status UsageError(absl::string_view message) { return WithKind(message, "usage"); }
bool IsUsageError(const absl::Status& status) { return HasKind(status, "usage"); }

absl::Status ConfigError(const absl::Status& status) {
  return WithKind(status.message(), "config");
}
bool IsConfigError(const absl::Status& status) { return HasKind(status, "config"); }

}  // namespace causeway::cli
