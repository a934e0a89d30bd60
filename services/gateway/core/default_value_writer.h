#pragma once
// Writes a field's default as Avro binary, for the encoder filling in a field the payload left
// out.
#include "common/avro/json_value.h"
#include "common/avro/schema.h"
#include "gateway/core/avro_binary_writer.h"

namespace causeway::gateway {

// Writes `value`, a default the schema parser has already checked against `type` (Avro's JSON
// encoding: a union's default is for its first branch, bytes and fixed are strings of code points
// 0-255, a record default may leave out fields that have defaults of their own). Returns false,
// having written a partial value, when the default cannot be written after all: a schema can
// define a record whose field's default omits that same field, which would nest without end.
bool WriteDefaultValue(const avro::Node& type, const avro::JsonValue& value,
                       AvroBinaryWriter& out);

}  // namespace causeway::gateway
