#pragma once
// The CLI's own kinds of error, told apart from the servers' by a status payload so that the
// runner words and exits them differently (see command_runner.h):
//   usage   the command line is wrong (after parsing, e.g. `update` with nothing to change)
//   config  the connection settings are wrong: a missing context, an unreadable token or TLS file
#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace causeway::cli {

absl::Status UsageError(absl::string_view message);
bool IsUsageError(const absl::Status& status);

// `status`'s message as a config error (INVALID_ARGUMENT).
absl::Status ConfigError(const absl::Status& status);
bool IsConfigError(const absl::Status& status);

}  // namespace causeway::cli
