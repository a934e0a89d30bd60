#pragma once
// `causeway <noun> create|list|get|update|delete` for one entity kind, built from its EntitySpec.
// Every kind goes through the same code: requests are filled and RPCs chosen by reflection on the
// spec's message type, so the kinds cannot drift apart.
#include "CLI/CLI.hpp"
#include "cli/command_runner.h"
#include "cli/entity_specs.h"

namespace causeway::cli {

// Adds the noun command with its five verbs; returns it so that other command files can add
// more verbs (event-type place/move). `spec` must outlive `app`.
CLI::App* AddEntityCommands(CLI::App& app, CommandRunner& runner, const EntitySpec& spec);

}  // namespace causeway::cli
