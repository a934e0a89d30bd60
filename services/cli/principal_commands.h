#pragma once
// A principal's bearer tokens: `principal issue-token` and `principal revoke-token`. The rest of
// `principal` (create/list/get/update/delete) is a row of entity_specs.cc.
#include "CLI/CLI.hpp"
#include "cli/command_runner.h"

namespace causeway::cli {

// `principal` is the noun command from AddEntityCommands.
void AddPrincipalTokenCommands(CLI::App* principal, CommandRunner& runner);

}  // namespace causeway::cli
