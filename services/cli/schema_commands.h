#pragma once
// `causeway schema ...`: register, activate, deprecate, list and show schemas through the
// SchemaRegistry API; and, offline for a schema repository's CI, `check`, `fingerprint` and
// `canonical` on files, with no server.
#include "CLI/CLI.hpp"
#include "cli/command_runner.h"

namespace causeway::cli {

void AddSchemaCommands(CLI::App& app, CommandRunner& runner);

// Exit codes of `schema check`: 0 compatible, 1 incompatible (every reason printed), 2 a schema
// that does not parse.
inline constexpr int kExitIncompatible = 1;

}  // namespace causeway::cli
