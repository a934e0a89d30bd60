#pragma once
// libpqxx reports failures as exceptions; everything above the store speaks absl::Status. This is
// the one translation: lost connections are UNAVAILABLE (callers may retry), constraint violations
// keep their meaning, anything else is INTERNAL.
#include <exception>

#include "absl/status/status.h"

namespace causeway::pg {

absl::Status StatusFromException(const std::exception& e);

// True when the error means the connection can no longer be used.
bool IsConnectionLost(const absl::Status& status);

}  // namespace causeway::pg
