#pragma once
// `causeway role grant|revoke|list`: which roles principals hold, globally or in a namespace, and
// `causeway whoami`: who this CLI's credentials name. A role binding has no fields to change, so
// there is no update; grant and revoke are its whole lifecycle.
#include "CLI/CLI.hpp"
#include "cli/command_runner.h"

namespace causeway::cli {

void AddRoleCommands(CLI::App& app, CommandRunner& runner);
void AddWhoAmICommand(CLI::App& app, CommandRunner& runner);

}  // namespace causeway::cli
