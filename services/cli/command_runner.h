#pragma once
// CommandRunner: what every command shares. Command files bind an action to each CLI11
// subcommand; the runner parses the command line, connects, runs the chosen action and turns its
// status into the message on stderr and the exit code:
//   0  success
//   1  the server (or the connection to it) failed: `error: NOT_FOUND: zone "eu" not found`
//   2  the command line is wrong: `error: usage: --zone is required`
#include <functional>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "cli/client.h"
#include "cli/global_options.h"
#include "cli/output.h"

namespace causeway::cli {

inline constexpr int kExitServerError = 1;
inline constexpr int kExitUsageError = 2;

// What a command works with once the command line is parsed.
struct Session {
  const GlobalOptions& options;
  TopologyClient& client;
  Output& out;
};

// A command: runs after parsing, returns what to report.
using Action = std::function<absl::Status(Session&)>;

// A mistake in the command line found only after parsing (e.g. `update` with nothing to change);
// reported like CLI11's own usage errors, with exit code 2.
absl::Status UsageError(absl::string_view message);

class CommandRunner {
 public:
  // `options` must be bound to `app` (AddGlobalOptions) and outlive the runner.
  CommandRunner(CLI::App& app, GlobalOptions* options);

  // Runs `action` when `command` is the command chosen on the command line.
  void Bind(CLI::App* command, Action action);

  // Parses the command line, runs the chosen command; returns the process exit code.
  int Run(int argc, const char* const* argv);

 private:
  CLI::App& app_;
  GlobalOptions* options_;
  Action chosen_;
};

}  // namespace causeway::cli
