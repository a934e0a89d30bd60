#include "cli/global_options.h"

#include <pwd.h>
#include <unistd.h>

#include <cstdlib>

namespace causeway::cli {

namespace {

// $USER, else the login name of this process (cron jobs and containers often lack $USER).
std::string CurrentUser() {
  if (const char* user = std::getenv("USER"); user != nullptr && *user != '\0') return user;
  if (const passwd* entry = ::getpwuid(::geteuid()); entry != nullptr) return entry->pw_name;
  return "";
}

}  // namespace

void AddGlobalOptions(CLI::App& app, GlobalOptions* options) {
  options->actor = CurrentUser();
  // Given twice (an alias plus an explicit flag), the last one wins.
  constexpr auto kLastWins = CLI::MultiOptionPolicy::TakeLast;
  app.add_option("--server", options->server, "causeway-topology address, host:port")
      ->envname("CAUSEWAY_TOPOLOGY")
      ->capture_default_str()
      ->multi_option_policy(kLastWins);
  app.add_option("--timeout", options->timeout_seconds,
                 "Seconds to wait for each call (watch: stop watching after this long; without "
                 "it, watch runs until interrupted)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str()
      ->multi_option_policy(kLastWins);
  app.add_option("--actor", options->actor,
                 "Who is making the change, recorded in the history (sent as x-causeway-actor "
                 "metadata); defaults to $USER")
      ->capture_default_str()
      ->multi_option_policy(kLastWins);
  app.add_flag("--json", options->json,
               "Print protobuf JSON (original field names) instead of tables; lists print as a "
               "JSON array");
}

void DescribeGlobalOptionsInCommandHelp(CLI::App& app) {
  for (CLI::App* command : app.get_subcommands({})) {
    command->footer(
        "Global options, before or after the command: --server host:port ($CAUSEWAY_TOPOLOGY), "
        "--timeout SECONDS, --actor NAME, --json; see causeway --help.");
    DescribeGlobalOptionsInCommandHelp(*command);
  }
}

void FinishGlobalOptions(const CLI::App& app, GlobalOptions* options) {
  options->timeout_given = app.get_option("--timeout")->count() > 0;
}

}  // namespace causeway::cli
