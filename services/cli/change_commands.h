#pragma once
// The change history: `history` (the audit log, newest first) and `watch` (changes as they commit).
#include "CLI/CLI.hpp"
#include "cli/command_runner.h"

namespace causeway::cli {

void AddChangeCommands(CLI::App& app, CommandRunner& runner);

}  // namespace causeway::cli
