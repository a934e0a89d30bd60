#pragma once
// `causeway subscription create|get|list|update|suspend|resume|rotate-secret|delete`: push
// subscriptions (Subscription in resources.proto). Written out rather than as an EntitySpec row:
// a subscription's event types, delivery policy and start position are nested messages and
// oneof-like choices that plain field flags do not express.
#include "CLI/CLI.hpp"
#include "cli/command_runner.h"

namespace causeway::cli {

void AddSubscriptionCommands(CLI::App& app, CommandRunner& runner);

}  // namespace causeway::cli
