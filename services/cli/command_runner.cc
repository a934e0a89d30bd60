#include "cli/command_runner.h"

#include <iostream>
#include <utility>

#include "absl/strings/str_cat.h"

namespace causeway::cli {

CommandRunner::CommandRunner(CLI::App& app, GlobalOptions* options)
    : app_(app), options_(options) {
  app_.failure_message([](const CLI::App*, const CLI::Error& e) {
    return absl::StrCat("error: usage: ", e.what(), "\nRun with --help for more information.\n");
  });
}

void CommandRunner::Bind(CLI::App* command, Action action) {
  command->callback([this, action = std::move(action)] { chosen_ = action; });
}

Failure DescribeFailure(const absl::Status& status, bool has_credentials) {
  if (IsUsageError(status)) return {absl::StrCat("error: usage: ", status.message()), kExitUsageError};
  if (IsConfigError(status)) {
    return {absl::StrCat("error: config: ", status.message()), kExitUsageError};
  }
  std::string message =
      absl::StrCat("error: ", absl::StatusCodeToString(status.code()), ": ", status.message());
  if (absl::IsUnauthenticated(status) && !has_credentials) {
    absl::StrAppend(&message,
                    "\nhint: no credentials were given: set --token, $CAUSEWAY_TOKEN or a "
                    "context in ~/.config/causeway/config (see causeway --help)");
  } else if (absl::IsPermissionDenied(status)) {
    absl::StrAppend(&message, "\nhint: causeway whoami shows who you are and the roles you hold");
  }
  return {std::move(message), kExitServerError};
}

int CommandRunner::Run(int argc, const char* const* argv) {
  try {
    app_.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version are "errors" with exit code 0.
    return app_.exit(e) == 0 ? 0 : kExitUsageError;
  }
  FinishGlobalOptions(app_, options_);
  if (!chosen_) {
    std::cerr << "error: usage: no command given\n" << app_.help();
    return kExitUsageError;
  }
  if (options_->actor_given) {
    std::cerr << "warning: --actor is deprecated and ignored: the server records the "
                 "authenticated principal (causeway whoami shows it)\n";
  }
  const absl::StatusOr<Connection> connection = OpenConnection(options_->settings);
  TopologyClient client(
      connection.ok() ? absl::StatusOr<ChannelOptions>(connection->topology) : connection.status(),
      options_->timeout());
  Output out(options_->json ? Output::Format::kJson : Output::Format::kTable, std::cout);
  Session session{*options_, connection, client, out};
  absl::Status status = chosen_(session);
  std::cout.flush();
  if (status.ok()) return 0;
  const Failure failure =
      DescribeFailure(status, connection.ok() && connection->has_credentials());
  std::cerr << failure.message << "\n";
  return failure.exit_code;
}

}  // namespace causeway::cli
