#pragma once
// Where event types live: `event-type place|move`, `placement list|remove` and `resolve`.
#include "CLI/CLI.hpp"
#include "cli/command_runner.h"

namespace causeway::cli {

// `event_type` is the `event-type` noun command (from AddEntityCommands); place and move are
// added to it, `placement` and `resolve` to `app`.
void AddPlacementCommands(CLI::App& app, CLI::App* event_type, CommandRunner& runner);

}  // namespace causeway::cli
