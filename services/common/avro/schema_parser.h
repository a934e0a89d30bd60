#pragma once
// Parses Avro schema JSON (specification 1.11) into the Schema model, refusing anything the
// specification does not allow, with a JSON path to each fault.
//
// Beyond the letter of the specification, for compatibility with schemas written for Avro's Java
// implementation (which Confluent's registry uses):
//   - a reference may also be written as an object, {"type": "com.acme.Foo"};
//   - a short reference that is not defined in the enclosing namespace falls back to the null
//     namespace;
//   - a fixed size may be a quoted integer ("16"), as the canonical form's INTEGERS rule implies.
#include <optional>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/avro/schema.h"
#include "common/avro/schema_errors.h"

namespace causeway::avro {

struct SchemaParseResult {
  std::optional<Schema> schema;     // set exactly when `errors` is empty
  // Every fault of the schema's structure; when the structure is sound, every faulty default.
  std::vector<SchemaError> errors;
};

// For callers that show every fault (the CLI, the registry's check): never stops at the first.
SchemaParseResult ParseSchemaCollectingErrors(std::string_view json);

// The schema, or INVALID_ARGUMENT whose message lists every fault, one "path: message" per line,
// e.g. `$.fields[2].type: unknown type "strng"`. Never crashes, whatever the input.
absl::StatusOr<Schema> ParseSchema(std::string_view json);

}  // namespace causeway::avro
