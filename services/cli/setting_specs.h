#pragma once
// The connection settings the CLI takes, as data: each is a global flag (`--tls-ca`), an
// environment variable ($CAUSEWAY_TLS_CA) and a key of a context in the config file (`tls-ca`),
// in that order of precedence, above a built-in default. config_file.cc checks keys against this
// table, connection_settings.cc resolves the precedence, global_options.cc makes the flags.
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace causeway::cli {

enum class Setting {
  kServer,         // causeway-topology, host:port
  kGateway,        // causeway-gateway, host:port (publish)
  kRelay,          // causeway-relay, host:port (consume)
  kArchiver,       // causeway-archiver, host:port (archive list)
  kToken,          // bearer token text
  kTokenFile,      // a file whose first line is the token
  kTlsCa,          // PEM: CAs of the servers' certificates; turns TLS on
  kTlsCert,        // PEM: client certificate chain (mTLS)
  kTlsKey,         // PEM: its private key
  kTlsServerName,  // the name the servers' certificates must carry, when not the host dialled
};

// Whether a value names a file. Relative file names in a config file are relative to the file's
// folder and `~/` is the home folder (the shell expands neither there).
enum class ValueKind { kText, kFile };

// Whether a value is a secret: never printed (help defaults, `config view`, error messages).
enum class Secrecy { kPublic, kSecret };

struct SettingSpec {
  Setting setting;
  std::string key;  // "tls-ca": the config key; the flag is "--tls-ca"
  std::string env;  // "CAUSEWAY_TLS_CA"
  ValueKind kind = ValueKind::kText;
  Secrecy secrecy = Secrecy::kPublic;
  std::string default_value;  // empty: none
  std::string help;
};

// Every setting, in the order help and `config view` list them.
const std::vector<SettingSpec>& ConnectionSettingSpecs();
const SettingSpec& SpecOf(Setting setting);
// The setting a config key names, if any.
std::optional<Setting> SettingOfKey(absl::string_view key);
// "server, gateway, token, ...": the keys, for messages.
std::string SettingKeys();

}  // namespace causeway::cli
