#pragma once
// A producer's bearer tokens: `producer issue-token` and `producer revoke-token`. The rest of
// `producer` (create/list/get/update/delete) is a row of entity_specs.cc.
#include "CLI/CLI.hpp"
#include "cli/command_runner.h"

namespace causeway::cli {

// `producer` is the noun command from AddEntityCommands.
void AddProducerTokenCommands(CLI::App* producer, CommandRunner& runner);

}  // namespace causeway::cli
