#pragma once
// Reading a file a flag names (a schema, a reader schema): its whole text, or a usage error
// naming the path, so that a missing file exits 2 like any other bad flag.
#include <string>

#include "absl/status/statusor.h"

namespace causeway::cli {

absl::StatusOr<std::string> ReadTextFile(const std::string& path);

}  // namespace causeway::cli
