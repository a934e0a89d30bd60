#include "cli/entity_key.h"

#include "absl/strings/str_cat.h"
#include "cli/reflection.h"

namespace causeway::cli {

std::string EntityKey::Text() const { return ns.empty() ? name : absl::StrCat(ns, "/", name); }

EntityKey ParseKey(KeyShape shape, absl::string_view text) {
  if (shape == KeyShape::kName) return EntityKey{"", std::string(text)};
  const size_t slash = text.find('/');
  return EntityKey{std::string(text.substr(0, slash)), std::string(text.substr(slash + 1))};
}

CLI::Validator KeyShapeCheck(KeyShape shape) {
  if (shape == KeyShape::kName) return CLI::Validator();
  return CLI::Validator(
      [](std::string& value) -> std::string {
        const size_t slash = value.find('/');
        if (slash == std::string::npos || slash == 0 || slash + 1 == value.size() ||
            value.find('/', slash + 1) != std::string::npos) {
          return absl::StrCat("want <namespace>/<name>, got \"", value, "\"");
        }
        return "";
      },
      "");
}

CLI::Option* AddKeyArgument(CLI::App* command, KeyShape shape, std::string* text,
                            absl::string_view help) {
  return command->add_option("name", *text, std::string(help))
      ->required()
      ->type_name(shape == KeyShape::kName ? "NAME" : "NAMESPACE/NAME")
      ->check(KeyShapeCheck(shape));
}

CLI::Option* AddVersionOption(CLI::App* command, int64_t* version, absl::string_view help) {
  return command->add_option("--version", *version, std::string(help))
      ->check(CLI::NonNegativeNumber);
}

void SetKeyFields(const EntityKey& key, google::protobuf::Message* message,
                  absl::string_view name_field) {
  if (!key.ns.empty()) SetStringField(message, "namespace", key.ns);
  SetStringField(message, name_field, key.name);
}

}  // namespace causeway::cli
