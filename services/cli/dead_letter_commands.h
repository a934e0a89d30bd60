#pragma once
// `causeway subscription dead-letters list|redrive|purge NAME`: what causeway-relay could not
// deliver, read from the subscription's dead-letter topic on every cluster of its zone.
//   list     one JSON line per dead letter: where it is, its event id and key, why it was
//            dead-lettered (reason, last status, attempts, first/last attempt, source, error)
//   redrive  copies every dead letter (value, key and headers as they are) into the
//            subscription's redrive topic, which the relay delivers like the event types' topics;
//            with --purge, then deletes what it copied from the dead-letter topic
//   purge    deletes every dead letter (Kafka DeleteRecords up to the end of each partition)
// The CLI connects to the clusters itself, with their client properties and this machine's
// secret references, as `causeway tail` does.
#include "CLI/CLI.hpp"
#include "cli/command_runner.h"

namespace causeway::cli {

// Adds `dead-letters` under the `subscription` command.
void AddDeadLetterCommands(CLI::App* subscription, CommandRunner& runner);

}  // namespace causeway::cli
