#pragma once
// The flags every command accepts: where the servers are and how to authenticate to them
// (setting_specs.h: --server, --gateway, --token, --token-file, --tls-*), which context of the
// config file to use (--context, --config), how long to wait, and how to print.
#include <map>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/time/time.h"
#include "cli/connection.h"
#include "cli/setting_specs.h"

namespace causeway::cli {

struct GlobalOptions {
  // Connection settings given on the command line (OpenConnection resolves them against the
  // environment and the config file).
  SettingFlags settings;
  double timeout_seconds = 30;
  // Whether --timeout was given: `watch` runs without a deadline unless it was.
  bool timeout_given = false;
  bool json = false;
  // --actor: deprecated and ignored (the servers record the authenticated principal); given,
  // it earns a warning.
  bool actor_given = false;

  // Where CLI11 writes the flags' values while parsing; FinishGlobalOptions keeps those given.
  struct Parsed {
    std::map<Setting, std::string> settings;
    std::string context;
    std::string config;
    std::string actor;
  } parsed;

  absl::Duration timeout() const { return absl::Seconds(timeout_seconds); }
};

// Adds the global flags to `app`. They are accepted before or after the command
// (`causeway --json zone list` and `causeway zone list --json`). `options` must outlive `app`.
void AddGlobalOptions(CLI::App& app, GlobalOptions* options);

// Mentions the global options in the help of every command of `app` (CLI11 lists a parent's
// options only in the parent's help). Call once every command is added.
void DescribeGlobalOptionsInCommandHelp(CLI::App& app);

// Called after parsing: records what was given on the command line.
void FinishGlobalOptions(const CLI::App& app, GlobalOptions* options);

}  // namespace causeway::cli
