#pragma once
// Faults found in a schema, and the wording of each kind of fault, so that the parser and the
// default-value checker word the same fault the same way wherever it is found.
#include <span>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "common/avro/json_value.h"

namespace causeway::avro {

// One fault: where (a JSON path into the schema text, "$.fields[2].type") and what.
struct SchemaError {
  std::string path;
  std::string message;

  std::string ToString() const;  // "path: message"
  friend bool operator==(const SchemaError&, const SchemaError&) = default;
};

// INVALID_ARGUMENT listing every fault, one "path: message" per line, in document order.
absl::Status SchemaErrorsToStatus(std::span<const SchemaError> errors);

// `expected <what>, got <value as JSON>` (long values are shortened).
std::string ExpectedGot(std::string_view what, const JsonValue& got);
// `missing required attribute "<attribute>"`.
std::string MissingAttribute(std::string_view attribute);
// `invalid <what> "<value>": <why>`.
std::string InvalidValue(std::string_view what, std::string_view value, std::string_view why);
// `duplicate <what> "<value>"`.
std::string Duplicate(std::string_view what, std::string_view value);
// `unknown type "<name>"`.
std::string UnknownType(std::string_view name);

}  // namespace causeway::avro
