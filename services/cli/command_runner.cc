#include "cli/command_runner.h"

#include <iostream>
#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"

namespace causeway::cli {
namespace {

constexpr absl::string_view kUsagePayload = "type.causeway.dev/cli.usage";

bool IsUsageError(const absl::Status& status) {
  return status.GetPayload(kUsagePayload).has_value();
}

}  // namespace

absl::Status UsageError(absl::string_view message) {
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kUsagePayload, absl::Cord("usage"));
  return status;
}

CommandRunner::CommandRunner(CLI::App& app, GlobalOptions* options)
    : app_(app), options_(options) {
  app_.failure_message([](const CLI::App*, const CLI::Error& e) {
    return absl::StrCat("error: usage: ", e.what(), "\nRun with --help for more information.\n");
  });
}

void CommandRunner::Bind(CLI::App* command, Action action) {
  command->callback([this, action = std::move(action)] { chosen_ = action; });
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
  TopologyClient client(ClientOptions{.server = options_->server,
                                      .timeout = options_->timeout(),
                                      .actor = options_->actor});
  Output out(options_->json ? Output::Format::kJson : Output::Format::kTable, std::cout);
  Session session{*options_, client, out};
  absl::Status status = chosen_(session);
  std::cout.flush();
  if (status.ok()) return 0;
  if (IsUsageError(status)) {
    std::cerr << "error: usage: " << status.message() << "\n";
    return kExitUsageError;
  }
  std::cerr << "error: " << absl::StatusCodeToString(status.code()) << ": " << status.message()
            << "\n";
  return kExitServerError;
}

}  // namespace causeway::cli
