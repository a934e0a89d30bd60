#pragma once
// CommandRunner: what every command shares. Command files bind an action to each CLI11
// subcommand; the runner parses the command line, resolves the connection settings, runs the
// chosen action and turns its status into the message on stderr and the exit code:
//   0  success
//   1  the server (or the connection to it) failed: `error: NOT_FOUND: zone "eu" not found`;
//      UNAUTHENTICATED without any credentials configured adds a `hint:` line saying where to
//      set them, PERMISSION_DENIED one pointing at `causeway whoami`
//   2  the command line is wrong: `error: usage: --zone is required`, or the connection settings
//      are: `error: config: context "prod" (from --context) is not in ...`
#include <functional>

#include "CLI/CLI.hpp"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cli/client.h"
#include "cli/connection.h"
#include "cli/errors.h"
#include "cli/global_options.h"
#include "cli/output.h"

namespace causeway::cli {

inline constexpr int kExitServerError = 1;
inline constexpr int kExitUsageError = 2;

// What a command works with once the command line is parsed.
struct Session {
  const GlobalOptions& options;
  // The resolved connection settings, or the config error that prevents connecting (`client`
  // answers that error to every call).
  const absl::StatusOr<Connection>& connection;
  TopologyClient& client;
  Output& out;
};

// A command: runs after parsing, returns what to report.
using Action = std::function<absl::Status(Session&)>;

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

// The message on stderr for a failed command (without the trailing newline), and its exit code.
struct Failure {
  std::string message;
  int exit_code;
};
// `has_credentials`: whether a token or a client certificate was configured.
Failure DescribeFailure(const absl::Status& status, bool has_credentials);

}  // namespace causeway::cli
