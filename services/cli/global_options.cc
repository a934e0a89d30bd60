#include "cli/global_options.h"

#include <cstdlib>

namespace causeway::cli {

void AddGlobalOptions(CLI::App& app, GlobalOptions* options) {
  if (const char* user = std::getenv("USER")) options->actor = user;
  app.add_option("--server", options->server,
                 "causeway-topology address, host:port")
      ->envname("CAUSEWAY_TOPOLOGY")
      ->capture_default_str();
  app.add_option("--timeout", options->timeout_seconds,
                 "Seconds to wait for each call (watch: stop watching after this long; without "
                 "it, watch runs until interrupted)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--actor", options->actor,
                 "Who is making the change, recorded in the history (sent as x-causeway-actor "
                 "metadata); defaults to $USER")
      ->capture_default_str();
  app.add_flag("--json", options->json,
               "Print protobuf JSON (original field names) instead of tables; lists print as a "
               "JSON array");
}

void FinishGlobalOptions(const CLI::App& app, GlobalOptions* options) {
  options->timeout_given = app.get_option("--timeout")->count() > 0;
}

}  // namespace causeway::cli
