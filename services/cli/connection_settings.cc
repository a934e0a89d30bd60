#include "cli/connection_settings.h"

#include <array>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"

namespace causeway::cli {
namespace {

enum class Level { kFlag, kEnv, kContext };

// The sources of one setting, highest precedence first.
class Lookup {
 public:
  Lookup(const SettingSources& sources, const ConfigContext* context)
      : sources_(sources), context_(context) {}

  std::optional<SettingValue> At(Level level, Setting setting) const {
    const SettingSpec& spec = SpecOf(setting);
    switch (level) {
      case Level::kFlag:
        if (auto it = sources_.flags.find(setting); it != sources_.flags.end()) {
          return SettingValue{it->second, absl::StrCat("--", spec.key)};
        }
        return std::nullopt;
      case Level::kEnv:
        if (!sources_.env) return std::nullopt;
        if (auto value = sources_.env(spec.env); value.has_value() && !value->empty()) {
          return SettingValue{*value, absl::StrCat("$", spec.env)};
        }
        return std::nullopt;
      case Level::kContext:
        if (context_ == nullptr) return std::nullopt;
        if (auto it = context_->values.find(setting); it != context_->values.end()) {
          std::string value = it->second.value;
          if (spec.kind == ValueKind::kFile) {
            value = ConfigFileName(value, sources_.config_path, sources_.home);
          }
          return SettingValue{std::move(value),
                              absl::StrCat("context \"", context_->name, "\" key ", spec.key, " (",
                                           sources_.config_path, ":", it->second.line, ")")};
        }
        return std::nullopt;
    }
    return std::nullopt;
  }

 private:
  const SettingSources& sources_;
  const ConfigContext* context_;
};

constexpr std::array<Level, 3> kLevels = {Level::kFlag, Level::kEnv, Level::kContext};

struct ChosenContext {
  std::string name;
  std::string origin;
};

std::optional<ChosenContext> ChooseContext(const SettingSources& sources) {
  if (sources.context_flag.has_value()) return ChosenContext{*sources.context_flag, "--context"};
  if (sources.env) {
    if (auto value = sources.env("CAUSEWAY_CONTEXT"); value.has_value() && !value->empty()) {
      return ChosenContext{*value, "$CAUSEWAY_CONTEXT"};
    }
  }
  if (sources.config != nullptr && sources.config->current_context.has_value()) {
    return ChosenContext{sources.config->current_context->value,
                         absl::StrCat("current-context (", sources.config_path, ":",
                                      sources.config->current_context->line, ")")};
  }
  return std::nullopt;
}

absl::StatusOr<const ConfigContext*> FindChosenContext(const SettingSources& sources,
                                                       const std::optional<ChosenContext>& chosen) {
  if (!chosen.has_value() || chosen->name.empty()) return nullptr;
  const std::string what = absl::StrCat("context \"", chosen->name, "\" (from ", chosen->origin, ")");
  if (sources.config == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(what, ": there is no config file ", sources.config_path));
  }
  const ConfigContext* context = sources.config->FindContext(chosen->name);
  if (context == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        what, " is not in ", sources.config_path, "; its contexts: ",
        sources.config->contexts.empty() ? "none" : sources.config->ContextNames()));
  }
  return context;
}

// token and token-file: the first level that gives either.
absl::Status ResolveCredential(const Lookup& lookup, ResolvedSettings* resolved) {
  for (Level level : kLevels) {
    auto token = lookup.At(level, Setting::kToken);
    auto file = lookup.At(level, Setting::kTokenFile);
    if (token.has_value() && file.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat(token->origin, " and ", file->origin, " are both given; give one"));
    }
    if (token.has_value()) resolved->values[Setting::kToken] = *std::move(token);
    if (file.has_value()) resolved->values[Setting::kTokenFile] = *std::move(file);
    if (token.has_value() || file.has_value()) return absl::OkStatus();
  }
  return absl::OkStatus();
}

absl::Status CheckTls(const ResolvedSettings& resolved) {
  const SettingValue* ca = resolved.Find(Setting::kTlsCa);
  const SettingValue* cert = resolved.Find(Setting::kTlsCert);
  const SettingValue* key = resolved.Find(Setting::kTlsKey);
  if ((cert == nullptr) != (key == nullptr)) {
    const SettingValue* given = cert != nullptr ? cert : key;
    return absl::InvalidArgumentError(
        absl::StrCat(given->origin, ": tls-cert and tls-key go together; ",
                     cert != nullptr ? "tls-key" : "tls-cert", " is not set"));
  }
  for (const SettingValue* needs_ca : {cert, resolved.Find(Setting::kTlsServerName)}) {
    if (needs_ca != nullptr && ca == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          needs_ca->origin, ": needs tls-ca (TLS is on only when the servers are verified)"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

const SettingValue* ResolvedSettings::Find(Setting setting) const {
  auto it = values.find(setting);
  return it == values.end() ? nullptr : &it->second;
}

std::string ResolvedSettings::Value(Setting setting) const {
  const SettingValue* value = Find(setting);
  return value == nullptr ? "" : value->value;
}

absl::StatusOr<ResolvedSettings> ResolveSettings(const SettingSources& sources) {
  const std::optional<ChosenContext> chosen = ChooseContext(sources);
  auto context = FindChosenContext(sources, chosen);
  if (!context.ok()) return context.status();
  ResolvedSettings resolved;
  if (*context != nullptr) {
    resolved.context = chosen->name;
    resolved.context_origin = chosen->origin;
  }
  const Lookup lookup(sources, *context);
  for (const SettingSpec& spec : ConnectionSettingSpecs()) {
    if (spec.setting == Setting::kToken || spec.setting == Setting::kTokenFile) continue;
    bool found = false;
    for (Level level : kLevels) {
      if (auto value = lookup.At(level, spec.setting); value.has_value()) {
        resolved.values[spec.setting] = *std::move(value);
        found = true;
        break;
      }
    }
    if (!found && !spec.default_value.empty()) {
      resolved.values[spec.setting] = SettingValue{spec.default_value, "default"};
    }
  }
  if (absl::Status status = ResolveCredential(lookup, &resolved); !status.ok()) return status;
  // An empty flag (`--tls-ca=`) sets a setting to nothing (or its default), overriding the levels
  // below it.
  for (auto it = resolved.values.begin(); it != resolved.values.end();) {
    if (!it->second.value.empty()) {
      ++it;
    } else if (const SettingSpec& spec = SpecOf(it->first); !spec.default_value.empty()) {
      it->second = SettingValue{spec.default_value, "default"};
      ++it;
    } else {
      it = resolved.values.erase(it);
    }
  }
  if (absl::Status status = CheckTls(resolved); !status.ok()) return status;
  return resolved;
}

std::string ConfigFileName(absl::string_view value, absl::string_view config_path,
                           absl::string_view home) {
  if (absl::StartsWith(value, "/")) return std::string(value);
  if (absl::ConsumePrefix(&value, "~/")) return absl::StrCat(home, "/", value);
  const size_t slash = config_path.rfind('/');
  if (slash == absl::string_view::npos) return std::string(value);
  return absl::StrCat(config_path.substr(0, slash + 1), value);
}

}  // namespace causeway::cli
