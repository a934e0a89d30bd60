#include "cli/global_options.h"

#include "absl/strings/str_cat.h"

namespace causeway::cli {
namespace {

// Given twice (an alias plus an explicit flag), the last one wins.
constexpr auto kLastWins = CLI::MultiOptionPolicy::TakeLast;

std::string SettingHelp(const SettingSpec& spec) {
  std::string help = absl::StrCat(spec.help, "; env ", spec.env, ", context key ", spec.key);
  if (!spec.default_value.empty()) absl::StrAppend(&help, "; default ", spec.default_value);
  return help;
}

}  // namespace

void AddGlobalOptions(CLI::App& app, GlobalOptions* options) {
  GlobalOptions::Parsed& storage = options->parsed;
  // Environment variables are read by OpenConnection, not by CLI11, so that it knows which
  // level each value came from (flag > environment > context > default). Values are not
  // captured as defaults: help never prints a token.
  for (const SettingSpec& spec : ConnectionSettingSpecs()) {
    // An empty value (`--tls-ca=`, which CLI11 reads as no value at all) clears the setting.
    app.add_option(absl::StrCat("--", spec.key), storage.settings[spec.setting], SettingHelp(spec))
        ->allow_extra_args(false)
        ->expected(0, 1)
        ->multi_option_policy(kLastWins)
        ->type_name(spec.kind == ValueKind::kFile ? "FILE" : "TEXT");
  }
  app.add_option("--context", storage.context,
                 "Context of the config file to use (env CAUSEWAY_CONTEXT; default: the file's "
                 "current-context; --context= uses none)")
      ->allow_extra_args(false)
      ->expected(0, 1)
      ->multi_option_policy(kLastWins)
      ->type_name("NAME");
  app.add_option("--config", storage.config,
                 "The config file (env CAUSEWAY_CONFIG; default ~/.config/causeway/config)")
      ->multi_option_policy(kLastWins)
      ->type_name("FILE");
  app.add_option("--timeout", options->timeout_seconds,
                 "Seconds to wait for each call (watch: stop watching after this long; without "
                 "it, watch runs until interrupted)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str()
      ->multi_option_policy(kLastWins);
  app.add_option("--actor", storage.actor,
                 "Deprecated and ignored: the servers record the authenticated principal "
                 "(causeway whoami shows it); removed in the next release")
      ->multi_option_policy(kLastWins)
      ->type_name("NAME");
  app.add_flag("--json", options->json,
               "Print protobuf JSON (original field names) instead of tables; lists print as a "
               "JSON array");
}

void DescribeGlobalOptionsInCommandHelp(CLI::App& app) {
  for (CLI::App* command : app.get_subcommands({})) {
    command->footer(
        "Global options, before or after the command: --server, --gateway, --relay, --token, "
        "--token-file, --tls-ca, --tls-cert, --tls-key, --tls-server-name, --context, --config, "
        "--timeout, --json; see causeway --help.");
    DescribeGlobalOptionsInCommandHelp(*command);
  }
}

void FinishGlobalOptions(const CLI::App& app, GlobalOptions* options) {
  const GlobalOptions::Parsed& storage = options->parsed;
  options->timeout_given = app.get_option("--timeout")->count() > 0;
  for (const SettingSpec& spec : ConnectionSettingSpecs()) {
    if (app.get_option(absl::StrCat("--", spec.key))->count() > 0) {
      options->settings.values[spec.setting] = storage.settings.at(spec.setting);
    }
  }
  if (app.get_option("--context")->count() > 0) options->settings.context = storage.context;
  if (app.get_option("--config")->count() > 0) options->settings.config = storage.config;
  options->actor_given = app.get_option("--actor")->count() > 0;
}

}  // namespace causeway::cli
