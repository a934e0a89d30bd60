#pragma once
// The registry's bounds on a schema's size and shape. A valid schema can still be hostile: a few
// kilobytes of records that each use the one before twice (R<i> {a: R<i-1>, b: R<i-1>}) describe
// values of 2^k fields, and anything that writes such a type out, or expands its defaults, does
// 2^k work. The topology service refuses at registration what exceeds these bounds; code that
// reads schemas stored earlier bounds its own work as well (see the gateway core's README).
#include <cstddef>
#include <string_view>

#include "absl/status/status.h"
#include "common/avro/schema.h"

namespace causeway::avro {

struct SchemaBounds {
  // Bytes of schema JSON. 256 KiB: a schema travels whole in a Watch message (with its canonical
  // form, at most as long again), alone in it when over the 64 KiB message bound, so it must stay
  // under the largest entity every follower accepts (kMaxEntityBytes, common/core/watch_limits.h;
  // schema_service.cc asserts it). Real schemas are a few KiB.
  size_t max_text_bytes = size_t{256} << 10;
  // Fields of all records together.
  size_t max_fields = 10'000;
  // Records, arrays and maps nested in one another, following references to named types (a
  // recursive reference ends the count; a union adds no level, as in a value's JSON). The gateway
  // refuses JSON payloads nested deeper than 64 levels, so a deeper type could never be published.
  size_t max_depth = 64;
  // Types, counting each named type in full every time it is used (a recursive reference counts
  // once): what the schema expands to when written out, and so what a walk that follows types
  // rather than data (default expansion, a decoder's emptiness check) may visit.
  size_t max_expanded_types = 100'000;
};

// OK when `text` is no longer than bounds.max_text_bytes; else INVALID_ARGUMENT
// "$: schema text of <n> bytes exceeds the bound of <max> bytes". Check before parsing.
absl::Status CheckSchemaTextSize(std::string_view text, const SchemaBounds& bounds = {});

// OK when `schema` is within the field, depth and expansion bounds; else INVALID_ARGUMENT
// "<type path>: <what> exceeds the bound of <max> <unit>", the path in the notation of the
// compatibility checker ($.fields.defs[17], .items, .values, [i] for a union branch). Linear in
// the size of the schema whatever its shape.
absl::Status CheckSchemaBounds(const Schema& schema, const SchemaBounds& bounds = {});

}  // namespace causeway::avro
