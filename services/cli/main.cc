// causeway: the operators' command-line tool for Causeway (see README.md).
#include <grpc/support/log.h>

#include <cstdlib>

#include "CLI/CLI.hpp"
#include "cli/command_runner.h"
#include "cli/config_commands.h"
#include "cli/archive_commands.h"
#include "cli/consume_command.h"
#include "cli/event_commands.h"
#include "cli/global_options.h"
#include "cli/schema_commands.h"
#include "cli/topology_commands.h"

namespace {

// gRPC's own log lines (a failed TLS handshake, ...) would precede the CLI's `error:` line on
// stderr and say the same; GRPC_VERBOSITY set in the environment brings them back.
void DiscardGrpcLog(gpr_log_func_args*) {}

}  // namespace

int main(int argc, char** argv) {
  using namespace causeway::cli;
  if (std::getenv("GRPC_VERBOSITY") == nullptr) gpr_set_log_function(&DiscardGrpcLog);
  CLI::App app("causeway: manage Causeway's topology (namespaces, zones, clusters, event types, "
               "placements, principals and their roles, subscriptions) and schemas over gRPC; "
               "publish, tail and consume events. Connection settings come from flags, "
               "environment variables or a context of the config file "
               "(~/.config/causeway/config; see `causeway config --help`)",
               "causeway");
  // Global options are accepted after the command too; a command is required.
  app.fallthrough();
  app.require_subcommand(1);
  GlobalOptions options;
  AddGlobalOptions(app, &options);
  CommandRunner runner(app, &options);
  AddTopologyCommands(app, runner);
  AddSchemaCommands(app, runner);
  AddEventCommands(app, runner);
  AddConsumeCommand(app, runner);
  AddArchiveCommands(app, runner);
  AddConfigCommands(app, runner);
  DescribeGlobalOptionsInCommandHelp(app);
  return runner.Run(argc, argv);
}
