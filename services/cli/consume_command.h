#pragma once
// `causeway consume SUBSCRIPTION`: reads a PULL subscription over causeway-relay's Consume stream
// (no Kafka client), prints each event and acknowledges it once printed.
#include "CLI/CLI.hpp"
#include "cli/command_runner.h"

namespace causeway::cli {

void AddConsumeCommand(CLI::App& app, CommandRunner& runner);

}  // namespace causeway::cli
