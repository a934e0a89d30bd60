#pragma once
// `causeway grant add|remove|list`: which namespaces a producer may publish to. A grant has no
// fields to change, so there is no update; add and remove are its whole lifecycle.
#include "CLI/CLI.hpp"
#include "cli/command_runner.h"

namespace causeway::cli {

void AddGrantCommands(CLI::App& app, CommandRunner& runner);

}  // namespace causeway::cli
