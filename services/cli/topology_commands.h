#pragma once
// Every command over the Topology API: the entity kinds' create/list/get/update/delete, placement
// and resolve, principals' tokens, role bindings and whoami, history and watch. Other APIs (schemas) add their own command files beside this one.
#include "CLI/CLI.hpp"
#include "cli/command_runner.h"

namespace causeway::cli {

void AddTopologyCommands(CLI::App& app, CommandRunner& runner);

}  // namespace causeway::cli
