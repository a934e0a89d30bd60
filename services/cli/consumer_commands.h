#pragma once
// `causeway event-type consumers NS/TYPE`: who reads an event type. Its subscriptions
// (ListSubscriptions namespace:<ns>, those naming the type) with their mode, reader schema
// fingerprint (`writer` when they read in the writer's shape), owner, state and lag: records
// behind per cluster, from the committed offsets of group `causeway.sub.<name>` and the high
// watermarks of the type's topic on the cluster of the subscription's zone that holds it (read
// from Kafka by the CLI itself, as `tail` does; `?` and a warning on stderr for a cluster that
// does not answer; --no-lag skips Kafka).
#include "CLI/CLI.hpp"
#include "cli/command_runner.h"

namespace causeway::cli {

// Adds `consumers` under the `event-type` command.
void AddConsumerCommands(CLI::App* event_type, CommandRunner& runner);

}  // namespace causeway::cli
