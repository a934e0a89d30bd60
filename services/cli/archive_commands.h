#pragma once
// `causeway archive list [NAMESPACE[/EVENT_TYPE]]`: the committed archive files of a zone, from
// that zone's causeway-archiver (--archiver) over Archiver.ListArchiveFiles.
#include "CLI/CLI.hpp"
#include "cli/command_runner.h"

namespace causeway::cli {

void AddArchiveCommands(CLI::App& app, CommandRunner& runner);

}  // namespace causeway::cli
