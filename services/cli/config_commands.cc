#include "cli/config_commands.h"

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "cli/config_file.h"
#include "cli/connection.h"
#include "cli/connection_settings.h"
#include "cli/setting_specs.h"
#include "cli/table.h"

namespace causeway::cli {
namespace {

constexpr absl::string_view kHidden = "(hidden)";

std::string Shown(Setting setting, const std::string& value) {
  return SpecOf(setting).secrecy == Secrecy::kSecret ? std::string(kHidden) : value;
}

absl::StatusOr<std::string> ReadText(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return ConfigError(absl::InvalidArgumentError(
        absl::StrCat("config file ", path, ": cannot read: ", std::strerror(errno))));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Replaces `path` by `text` in one step (a reader never sees half a file), keeping its
// permissions: a config file holding tokens is typically 0600.
absl::Status WriteText(const std::string& path, const std::string& text) {
  struct stat info {};
  const mode_t mode = ::stat(path.c_str(), &info) == 0 ? info.st_mode & 07777 : 0600;
  const std::string temporary = absl::StrCat(path, ".tmp");
  {
    std::ofstream out(temporary, std::ios::trunc);
    out << text;
    out.close();
    if (!out) {
      return ConfigError(absl::InvalidArgumentError(
          absl::StrCat("cannot write ", temporary, ": ", std::strerror(errno))));
    }
  }
  if (::chmod(temporary.c_str(), mode) != 0 || std::rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    std::remove(temporary.c_str());
    return ConfigError(absl::InvalidArgumentError(
        absl::StrCat("cannot replace ", path, ": ", std::strerror(error))));
  }
  return absl::OkStatus();
}

// The file as it would read with its secrets hidden.
void PrintConfig(const ConfigFile& config, Output& out) {
  out.Text(absl::StrCat("# ", config.path));
  if (config.current_context.has_value()) {
    out.Text(absl::StrCat("current-context = ", config.current_context->value));
  }
  for (const ConfigContext& context : config.contexts) {
    out.Text("");
    out.Text(absl::StrCat("[context ", context.name, "]"));
    for (const SettingSpec& spec : ConnectionSettingSpecs()) {
      if (auto it = context.values.find(spec.setting); it != context.values.end()) {
        out.Text(absl::StrCat(spec.key, " = ", Shown(spec.setting, it->second.value)));
      }
    }
  }
}

void AddView(CLI::App* config, CommandRunner& runner) {
  CLI::App* command = config->add_subcommand(
      "view", "Print the config file's contexts, token values hidden");
  runner.Bind(command, [](Session& session) -> absl::Status {
    const ConfigLocation location = FindConfigFile(session.options.settings);
    auto file = LoadConfigFile(location);
    if (!file.ok()) return file.status();
    if (!file->has_value()) {
      session.out.Text(absl::StrCat("# ", location.path, " does not exist: no contexts"));
      return absl::OkStatus();
    }
    PrintConfig(**file, session.out);
    return absl::OkStatus();
  });
}

void AddSettings(CLI::App* config, CommandRunner& runner) {
  CLI::App* command = config->add_subcommand(
      "settings",
      "Print the connection settings in effect and where each comes from (flag, environment, "
      "context, default), token values hidden");
  runner.Bind(command, [](Session& session) -> absl::Status {
    auto settings = ResolveConnectionSettings(session.options.settings);
    if (!settings.ok()) return settings.status();
    Table table({"SETTING", "VALUE", "FROM"});
    table.AddRow({"context", settings->context.empty() ? "(none)" : settings->context,
                  settings->context_origin});
    for (const SettingSpec& spec : ConnectionSettingSpecs()) {
      if (const SettingValue* value = settings->Find(spec.setting); value != nullptr) {
        table.AddRow({spec.key, Shown(spec.setting, value->value), value->origin});
      }
    }
    session.out.Print(table);
    return absl::OkStatus();
  });
}

void AddUseContext(CLI::App* config, CommandRunner& runner) {
  CLI::App* command = config->add_subcommand(
      "use-context", "Make a context of the config file its current-context");
  auto name = std::make_shared<std::string>();
  command->add_option("name", *name, "The context")->required()->type_name("NAME");
  runner.Bind(command, [name](Session& session) -> absl::Status {
    ConfigLocation location = FindConfigFile(session.options.settings);
    location.must_exist = true;
    auto text = ReadText(location.path);
    if (!text.ok()) return text.status();
    auto parsed = ParseConfigFile(*text, location.path);
    if (!parsed.ok()) return ConfigError(parsed.status());
    if (parsed->FindContext(*name) == nullptr) {
      return ConfigError(absl::InvalidArgumentError(absl::StrCat(
          "context \"", *name, "\" is not in ", location.path, "; its contexts: ",
          parsed->contexts.empty() ? "none" : parsed->ContextNames())));
    }
    if (absl::Status status = WriteText(location.path, WithCurrentContext(*text, *name));
        !status.ok()) {
      return status;
    }
    session.out.Text(absl::StrCat("current-context is now ", *name, " in ", location.path));
    return absl::OkStatus();
  });
}

}  // namespace

void AddConfigCommands(CLI::App& app, CommandRunner& runner) {
  CLI::App* config = app.add_subcommand(
      "config",
      "The config file ($CAUSEWAY_CONFIG or ~/.config/causeway/config): named contexts of "
      "connection settings (server, gateway, relay, token or token-file, tls-ca, tls-cert, tls-key, "
      "tls-server-name) and a current-context; see services/cli/README.md for its format");
  config->require_subcommand(1);
  AddView(config, runner);
  AddSettings(config, runner);
  AddUseContext(config, runner);
}

}  // namespace causeway::cli
