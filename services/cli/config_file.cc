#include "cli/config_file.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"

namespace causeway::cli {
namespace {

constexpr absl::string_view kCurrentContextKey = "current-context";
constexpr absl::string_view kContextSection = "context";

bool IsComment(absl::string_view line) {
  return line.empty() || line.front() == '#' || line.front() == ';';
}

// A line as `key = value`, both sides trimmed; nullopt when it has no `=`.
std::optional<std::pair<absl::string_view, absl::string_view>> KeyValue(absl::string_view line) {
  const size_t equals = line.find('=');
  if (equals == absl::string_view::npos) return std::nullopt;
  return std::make_pair(absl::StripAsciiWhitespace(line.substr(0, equals)),
                        absl::StripAsciiWhitespace(line.substr(equals + 1)));
}

bool IsCurrentContextLine(absl::string_view line) {
  auto pair = KeyValue(absl::StripAsciiWhitespace(line));
  return pair.has_value() && pair->first == kCurrentContextKey;
}

class Parser {
 public:
  explicit Parser(absl::string_view path) { file_.path = std::string(path); }

  void Line(int number, absl::string_view raw) {
    line_ = number;
    const absl::string_view line = absl::StripAsciiWhitespace(raw);
    if (IsComment(line)) return;
    if (line.front() == '[') return Header(line);
    auto pair = KeyValue(line);
    if (!pair.has_value()) {
      return Fault("expected `key = value`, `[context NAME]` or a # comment");
    }
    const auto [key, value] = *pair;
    if (value.empty()) return Fault(absl::StrCat(key, " has no value (leave the key out instead)"));
    if (key == kCurrentContextKey) return CurrentContext(value);
    SettingLine(key, value);
  }

  absl::StatusOr<ConfigFile> Finish() {
    CheckCredentials();
    if (!faults_.empty()) return absl::InvalidArgumentError(absl::StrJoin(faults_, "\n"));
    return std::move(file_);
  }

 private:
  void Fault(absl::string_view what) {
    faults_.push_back(absl::StrCat(file_.path, ":", line_, ": ", what));
  }

  void Header(absl::string_view line) {
    in_context_ = false;
    if (!absl::ConsumeSuffix(&line, "]")) return Fault("a section header ends with ]");
    line.remove_prefix(1);
    std::vector<absl::string_view> words =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (words.empty() || words[0] != kContextSection) {
      return Fault("unknown section: the only section is [context NAME]");
    }
    if (words.size() != 2) return Fault("a context header is [context NAME], one word for NAME");
    if (file_.FindContext(words[1]) != nullptr) {
      return Fault(absl::StrCat("context \"", words[1], "\" is defined twice"));
    }
    file_.contexts.push_back(ConfigContext{.name = std::string(words[1]), .line = line_});
    in_context_ = true;
  }

  void CurrentContext(absl::string_view value) {
    if (in_context_ || !file_.contexts.empty()) {
      return Fault("current-context goes before the first [context NAME]");
    }
    if (file_.current_context.has_value()) return Fault("current-context is given twice");
    file_.current_context = ConfigValue{std::string(value), line_};
  }

  void SettingLine(absl::string_view key, absl::string_view value) {
    const auto setting = SettingOfKey(key);
    if (!setting.has_value()) {
      return Fault(absl::StrCat("unknown key \"", key, "\" (keys: ", kCurrentContextKey,
                                " before any context; in a context: ", SettingKeys(), ")"));
    }
    if (!in_context_) return Fault(absl::StrCat(key, " outside a [context NAME] section"));
    ConfigContext& context = file_.contexts.back();
    auto [it, inserted] = context.values.emplace(*setting, ConfigValue{std::string(value), line_});
    if (!inserted) {
      Fault(absl::StrCat(key, " is given twice in context \"", context.name, "\" (first on line ",
                         it->second.line, ")"));
    }
  }

  void CheckCredentials() {
    for (const ConfigContext& context : file_.contexts) {
      if (context.values.contains(Setting::kToken) && context.values.contains(Setting::kTokenFile)) {
        line_ = context.values.at(Setting::kTokenFile).line;
        Fault(absl::StrCat("context \"", context.name, "\" has both token and token-file; keep one"));
      }
    }
  }

  ConfigFile file_;
  std::vector<std::string> faults_;
  int line_ = 0;
  bool in_context_ = false;
};

}  // namespace

const ConfigContext* ConfigFile::FindContext(absl::string_view name) const {
  for (const ConfigContext& context : contexts) {
    if (context.name == name) return &context;
  }
  return nullptr;
}

std::string ConfigFile::ContextNames() const {
  return absl::StrJoin(contexts, ", ", [](std::string* out, const ConfigContext& context) {
    out->append(context.name);
  });
}

absl::StatusOr<ConfigFile> ParseConfigFile(absl::string_view text, absl::string_view path) {
  Parser parser(path);
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) parser.Line(++number, line);
  return parser.Finish();
}

std::string WithCurrentContext(absl::string_view text, absl::string_view name) {
  const std::string line = absl::StrCat(kCurrentContextKey, " = ", name);
  std::vector<std::string> lines = absl::StrSplit(text, '\n');
  for (std::string& existing : lines) {
    if (absl::StartsWith(absl::StripLeadingAsciiWhitespace(existing), "[")) break;
    if (IsCurrentContextLine(existing)) {
      existing = line;
      return absl::StrJoin(lines, "\n");
    }
  }
  if (text.empty()) return absl::StrCat(line, "\n");
  return absl::StrCat(line, "\n", text);
}

}  // namespace causeway::cli
