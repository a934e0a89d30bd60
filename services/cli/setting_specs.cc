#include "cli/setting_specs.h"

#include "absl/strings/str_join.h"
#include "cli/programming_error.h"

namespace causeway::cli {

const std::vector<SettingSpec>& ConnectionSettingSpecs() {
  static const auto* specs = new std::vector<SettingSpec>{
      {.setting = Setting::kServer,
       .key = "server",
       .env = "CAUSEWAY_TOPOLOGY",
       .default_value = "localhost:7070",
       .help = "causeway-topology address, host:port"},
      {.setting = Setting::kGateway,
       .key = "gateway",
       .env = "CAUSEWAY_GATEWAY",
       .default_value = "localhost:7080",
       .help = "causeway-gateway address, host:port (publish)"},
      {.setting = Setting::kRelay,
       .key = "relay",
       .env = "CAUSEWAY_RELAY",
       .default_value = "localhost:7090",
       .help = "causeway-relay address, host:port (consume)"},
      {.setting = Setting::kArchiver,
       .key = "archiver",
       .env = "CAUSEWAY_ARCHIVER",
       .default_value = "localhost:7100",
       .help = "causeway-archiver address of the zone asked about, host:port (archive list)"},
      {.setting = Setting::kToken,
       .key = "token",
       .env = "CAUSEWAY_TOKEN",
       .secrecy = Secrecy::kSecret,
       .help = "Bearer token (from `causeway principal issue-token`), sent as `authorization: "
               "Bearer <token>` to causeway-topology, causeway-gateway and causeway-relay; prefer the environment "
               "variable or --token-file, which process listings do not show"},
      {.setting = Setting::kTokenFile,
       .key = "token-file",
       .env = "CAUSEWAY_TOKEN_FILE",
       .kind = ValueKind::kFile,
       .help = "File whose first line is the bearer token (instead of --token)"},
      {.setting = Setting::kTlsCa,
       .key = "tls-ca",
       .env = "CAUSEWAY_TLS_CA",
       .kind = ValueKind::kFile,
       .help = "PEM file of the CAs that sign the servers' certificates: connects over TLS and "
               "verifies the servers (without it: plaintext)"},
      {.setting = Setting::kTlsCert,
       .key = "tls-cert",
       .env = "CAUSEWAY_TLS_CERT",
       .kind = ValueKind::kFile,
       .help = "PEM client certificate chain (mTLS; its CN or a DNS/URI SAN names the principal); "
               "with --tls-key and --tls-ca"},
      {.setting = Setting::kTlsKey,
       .key = "tls-key",
       .env = "CAUSEWAY_TLS_KEY",
       .kind = ValueKind::kFile,
       .help = "PEM private key of --tls-cert"},
      {.setting = Setting::kTlsServerName,
       .key = "tls-server-name",
       .env = "CAUSEWAY_TLS_SERVER_NAME",
       .help = "Name the servers' certificates must carry when it is not the host dialled (e.g. "
               "connecting by IP address); with --tls-ca"},
  };
  return *specs;
}

const SettingSpec& SpecOf(Setting setting) {
  for (const SettingSpec& spec : ConnectionSettingSpecs()) {
    if (spec.setting == setting) return spec;
  }
  ProgrammingError("a Setting without a row in ConnectionSettingSpecs()");
}

std::optional<Setting> SettingOfKey(absl::string_view key) {
  for (const SettingSpec& spec : ConnectionSettingSpecs()) {
    if (spec.key == key) return spec.setting;
  }
  return std::nullopt;
}

std::string SettingKeys() {
  return absl::StrJoin(ConnectionSettingSpecs(), ", ",
                       [](std::string* out, const SettingSpec& spec) { out->append(spec.key); });
}

}  // namespace causeway::cli
