#pragma once
// Writes a field's default as Avro binary, for the encoder filling in a field the payload left
// out.
#include <cstddef>
#include <cstdint>

#include "common/avro/json_value.h"
#include "common/avro/schema.h"
#include "common/codec/avro_binary_writer.h"

namespace causeway::codec {

enum class DefaultWrite : uint8_t {
  kWritten,
  // A schema can define a record whose field's default omits that same field, which would nest
  // without end.
  kContainsItself,
  // The budget ran out: defaults of a DAG-shaped schema (R<i> {a: R<i-1> = {}, b: R<i-1> = {}})
  // expand to 2^k values, and many small ones add up.
  kOverBudget,
};

// Writes `value`, a default the schema parser has already checked against `type` (Avro's JSON
// encoding: a union's default is for its first branch, bytes and fixed are strings of code points
// 0-255, a record default may leave out fields that have defaults of their own). Each value
// written costs one unit of `budget`, and each byte of a string, bytes or fixed one more; the
// caller shares one budget among all the defaults of a payload. On anything but kWritten, a
// partial value has been written.
DefaultWrite WriteDefaultValue(const avro::Node& type, const avro::JsonValue& value,
                               AvroBinaryWriter& out, size_t& budget);

}  // namespace causeway::codec
