#pragma once
// `causeway config view|settings|use-context`: the config file's contexts and which settings are
// in effect, without calling any server. Secrets (token values) are never printed.
#include "CLI/CLI.hpp"
#include "cli/command_runner.h"

namespace causeway::cli {

void AddConfigCommands(CLI::App& app, CommandRunner& runner);

}  // namespace causeway::cli
