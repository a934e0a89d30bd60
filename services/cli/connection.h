#pragma once
// From the connection settings to the two gRPC endpoints the CLI talks to: finds and reads the
// config file, resolves every setting (connection_settings.h), reads the token file and checks
// that the TLS files can be read, so that a broken setting is reported naming where it was set
// (`context "prod" key tls-ca (~/.config/causeway/config:7): cannot read "/etc/ca.pem"`) before
// any call is made. The edge around the pure config_file and connection_settings modules.
#include <map>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "cli/config_file.h"
#include "cli/connection_settings.h"
#include "cli/setting_specs.h"
#include "common/client/channel.h"

namespace causeway::cli {

// What the command line says about connecting.
struct SettingFlags {
  std::map<Setting, std::string> values;  // the flags given
  std::optional<std::string> context;     // --context
  std::optional<std::string> config;      // --config
};

// Where the config file is: --config, else $CAUSEWAY_CONFIG, else ~/.config/causeway/config.
// Only the default may be missing.
struct ConfigLocation {
  std::string path;
  std::string origin;  // "--config", "$CAUSEWAY_CONFIG", "default"
  bool must_exist = false;
};
ConfigLocation FindConfigFile(const SettingFlags& flags);

// The parsed file; nullopt when the default file does not exist. A config error when a file
// named by --config or $CAUSEWAY_CONFIG is missing, cannot be read, or does not parse.
absl::StatusOr<std::optional<ConfigFile>> LoadConfigFile(const ConfigLocation& location);

struct Connection {
  ResolvedSettings settings;
  ChannelOptions topology;
  ChannelOptions gateway;
  ChannelOptions relay;
  ChannelOptions archiver;

  // A token or a client certificate: without either, servers answer UNAUTHENTICATED.
  bool has_credentials() const { return !topology.token.empty() || !topology.cert.empty(); }
};

// The config file read and every setting resolved (no other file read); config errors.
absl::StatusOr<ResolvedSettings> ResolveConnectionSettings(const SettingFlags& flags);

// Config errors (errors.h) for whatever prevents connecting.
absl::StatusOr<Connection> OpenConnection(const SettingFlags& flags);

// This process's environment (non-empty values only).
std::optional<std::string> GetEnv(absl::string_view name);

}  // namespace causeway::cli
