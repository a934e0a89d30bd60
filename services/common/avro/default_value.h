#pragma once
// Checks a field default against its type, per the specification's table of default values: the
// JSON type each Avro type takes, and for a union the first branch. Pure, so that anything else
// holding a JsonValue for an Avro type (a JSON encoder's input, say) can reuse the same rules.
#include <vector>

#include "common/avro/json_path.h"
#include "common/avro/json_value.h"
#include "common/avro/schema.h"
#include "common/avro/schema_errors.h"

namespace causeway::avro {

// Appends one error per fault of `value` as a default for `type` (a node of a built Schema), each
// located below `path` ("$.fields[0].default.address.zip").
void CheckDefaultValue(const Node& type, const JsonValue& value, JsonPath& path,
                       std::vector<SchemaError>& errors);

// Number of Unicode code points in `utf8` when each is in 0..255 (how Avro writes bytes and fixed
// values as JSON strings); nullopt when one is above 255 or the text is not UTF-8.
std::optional<size_t> Latin1Length(std::string_view utf8);

}  // namespace causeway::avro
