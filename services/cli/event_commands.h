#pragma once
// `causeway publish` (through causeway-gateway) and `causeway tail` (read an event type's events
// back from its clusters, decoded with their schemas): the two ends of an event, for operators
// and for the local demo.
#include "CLI/CLI.hpp"
#include "cli/command_runner.h"

namespace causeway::cli {

void AddEventCommands(CLI::App& app, CommandRunner& runner);

}  // namespace causeway::cli
