#pragma once
// The flags every command accepts: where causeway-topology is, how long to wait, who is acting,
// and how to print.
#include <string>

#include "CLI/CLI.hpp"
#include "absl/time/time.h"

namespace causeway::cli {

struct GlobalOptions {
  std::string server = "localhost:7070";
  double timeout_seconds = 30;
  // Whether --timeout was given: `watch` runs without a deadline unless it was.
  bool timeout_given = false;
  std::string actor;
  bool json = false;

  absl::Duration timeout() const { return absl::Seconds(timeout_seconds); }
};

// Adds --server, --timeout, --actor and --json to `app`. They are accepted before or after the
// command (`causeway --json zone list` and `causeway zone list --json`).
void AddGlobalOptions(CLI::App& app, GlobalOptions* options);

// Mentions the global options in the help of every command of `app` (CLI11 lists a parent's
// options only in the parent's help). Call once every command is added.
void DescribeGlobalOptionsInCommandHelp(CLI::App& app);

// Called after parsing: records what was given on the command line.
void FinishGlobalOptions(const CLI::App& app, GlobalOptions* options);

}  // namespace causeway::cli
