#include "cli/connection.h"

#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/strings/str_cat.h"
#include "cli/errors.h"

namespace causeway::cli {
namespace {

std::string HomeFolder() {
  if (auto home = GetEnv("HOME"); home.has_value()) return *home;
  if (const passwd* entry = ::getpwuid(::geteuid()); entry != nullptr) return entry->pw_dir;
  return "";
}

// A file the channel will read (tls-ca, tls-cert, tls-key): readable now, or an error naming
// where it was set.
absl::Status CheckReadable(const SettingValue& file) {
  std::ifstream in(file.value);
  if (in) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(file.origin, ": cannot read \"", file.value, "\": ", std::strerror(errno)));
}

absl::StatusOr<std::string> Token(const ResolvedSettings& settings) {
  if (const SettingValue* file = settings.Find(Setting::kTokenFile); file != nullptr) {
    return ReadTokenFile(file->origin, file->value);
  }
  return settings.Value(Setting::kToken);
}

absl::StatusOr<Connection> Open(const SettingFlags& flags) {
  auto settings = ResolveConnectionSettings(flags);
  if (!settings.ok()) return settings.status();
  for (Setting file : {Setting::kTlsCa, Setting::kTlsCert, Setting::kTlsKey}) {
    if (const SettingValue* value = settings->Find(file); value != nullptr) {
      if (absl::Status status = CheckReadable(*value); !status.ok()) return status;
    }
  }
  auto token = Token(*settings);
  if (!token.ok()) return token.status();
  Connection connection{.settings = *std::move(settings)};
  const ResolvedSettings& s = connection.settings;
  connection.topology = ChannelOptions{.address = s.Value(Setting::kServer),
                                       .ca = s.Value(Setting::kTlsCa),
                                       .cert = s.Value(Setting::kTlsCert),
                                       .key = s.Value(Setting::kTlsKey),
                                       .token = *token,
                                       .server_name = s.Value(Setting::kTlsServerName)};
  connection.gateway = connection.topology;
  connection.gateway.address = s.Value(Setting::kGateway);
  connection.relay = connection.topology;
  connection.relay.address = s.Value(Setting::kRelay);
  connection.archiver = connection.topology;
  connection.archiver.address = s.Value(Setting::kArchiver);
  return connection;
}

}  // namespace

std::optional<std::string> GetEnv(absl::string_view name) {
  const char* value = std::getenv(std::string(name).c_str());
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

ConfigLocation FindConfigFile(const SettingFlags& flags) {
  if (flags.config.has_value()) return {*flags.config, "--config", true};
  if (auto env = GetEnv("CAUSEWAY_CONFIG"); env.has_value()) {
    return {*env, "$CAUSEWAY_CONFIG", true};
  }
  return {absl::StrCat(HomeFolder(), "/.config/causeway/config"), "default", false};
}

absl::StatusOr<std::optional<ConfigFile>> LoadConfigFile(const ConfigLocation& location) {
  std::ifstream in(location.path);
  if (!in) {
    const int error = errno;
    if (!location.must_exist && error == ENOENT) return std::nullopt;
    return ConfigError(absl::InvalidArgumentError(
        absl::StrCat("config file ", location.path, " (from ", location.origin,
                     "): cannot read: ", std::strerror(error))));
  }
  std::ostringstream text;
  text << in.rdbuf();
  auto parsed = ParseConfigFile(text.str(), location.path);
  if (!parsed.ok()) return ConfigError(parsed.status());
  return std::optional<ConfigFile>(*std::move(parsed));
}

absl::StatusOr<ResolvedSettings> ResolveConnectionSettings(const SettingFlags& flags) {
  const ConfigLocation location = FindConfigFile(flags);
  auto config = LoadConfigFile(location);
  if (!config.ok()) return config.status();
  SettingSources sources{.flags = flags.values,
                         .context_flag = flags.context,
                         .env = GetEnv,
                         .config = config->has_value() ? &**config : nullptr,
                         .config_path = location.path,
                         .home = HomeFolder()};
  auto settings = ResolveSettings(sources);
  if (!settings.ok()) return ConfigError(settings.status());
  return settings;
}

absl::StatusOr<Connection> OpenConnection(const SettingFlags& flags) {
  auto connection = Open(flags);
  if (!connection.ok()) return ConfigError(connection.status());
  return connection;
}

}  // namespace causeway::cli
