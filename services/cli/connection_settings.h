#pragma once
// Which value each connection setting takes, and where it came from: the flag, else the
// environment variable, else the chosen context of the config file, else the default. Pure: the
// environment and the config file are inputs (connection.cc reads them).
//
// The context is chosen by --context, else $CAUSEWAY_CONTEXT, else the file's current-context;
// none is chosen when none of them names one. token and token-file are one choice: the first level
// (flag, environment, context) that gives either decides, so `--token-file` outranks a context's
// `token` and `$CAUSEWAY_TOKEN` a context's `token-file`.
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "cli/config_file.h"
#include "cli/setting_specs.h"

namespace causeway::cli {

// Where a value was set, as messages name it: `--tls-ca`, `$CAUSEWAY_TLS_CA`,
// `context "prod" key tls-ca (/home/ana/.config/causeway/config:7)`, `default`.
struct SettingValue {
  std::string value;
  std::string origin;
};

// An environment variable's value; nullopt when unset or empty.
using EnvLookup = std::function<std::optional<std::string>(absl::string_view name)>;

struct SettingSources {
  // What the command line gave, empty values included (`--token=` asks for no token).
  std::map<Setting, std::string> flags;
  std::optional<std::string> context_flag;  // --context
  EnvLookup env;
  // The config file, when there is one; `config_path` names it either way.
  const ConfigFile* config = nullptr;
  std::string config_path;
  // The home folder, for `~/` in the file's file names.
  std::string home;
};

struct ResolvedSettings {
  // The chosen context and what chose it (`--context`, `$CAUSEWAY_CONTEXT`, `current-context
  // (<path>:<line>)`); empty when none is used.
  std::string context;
  std::string context_origin;
  std::map<Setting, SettingValue> values;  // only settings that have a value

  const SettingValue* Find(Setting setting) const;
  // The value, or "" when the setting has none.
  std::string Value(Setting setting) const;
};

// INVALID_ARGUMENT (a settings error) when a chosen context is missing (naming what chose it and
// the contexts the file has), when one level gives both token and token-file, when tls-cert and
// tls-key are not given together, or when tls-cert or tls-server-name come without tls-ca.
absl::StatusOr<ResolvedSettings> ResolveSettings(const SettingSources& sources);

// A config file's file name as the CLI opens it: `~/x` under `home`, a relative name under the
// folder of `config_path`, an absolute one as is.
std::string ConfigFileName(absl::string_view value, absl::string_view config_path,
                           absl::string_view home);

}  // namespace causeway::cli
