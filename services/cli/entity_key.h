#pragma once
// How entities are named on the command line: a plain name (`eu`) for namespaces, zones and
// clusters; `<namespace>/<EventType>` for event types. Only the shape is checked here; whether the
// names are valid is the server's call (INVALID_ARGUMENT naming the field). Changes may also name
// the version they expect (--version).
#include <cstdint>
#include <string>

#include "CLI/CLI.hpp"
#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"

namespace causeway::cli {

enum class KeyShape { kName, kNamespacedName };

struct EntityKey {
  std::string ns;  // empty for KeyShape::kName
  std::string name;

  // "eu", "mfp/FoodEntryCreated"
  std::string Text() const;
};

// Parses a key whose shape KeyArgument checked.
EntityKey ParseKey(KeyShape shape, absl::string_view text);

// Checks that a value has the shape (for KeyShape::kNamespacedName: one `/`, both sides non-empty).
CLI::Validator KeyShapeCheck(KeyShape shape);

// Adds the required positional argument naming the entity, e.g. `<ns>/<EventType>`.
CLI::Option* AddKeyArgument(CLI::App* command, KeyShape shape, std::string* text,
                            absl::string_view help);

// Adds `--version V` (non-negative): act only if the entity is at version V, the optimistic
// concurrency guard of the API's updates and deletes (0, the default, means any version).
CLI::Option* AddVersionOption(CLI::App* command, int64_t* version, absl::string_view help);

// Sets the message's string fields `namespace` (for namespaced keys) and `name_field`.
void SetKeyFields(const EntityKey& key, google::protobuf::Message* message,
                  absl::string_view name_field = "name");

}  // namespace causeway::cli
