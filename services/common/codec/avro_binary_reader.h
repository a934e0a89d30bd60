#pragma once
// Reading Avro binary against a schema: checking that bytes are exactly one valid datum (for
// publishes that send Avro binary with a schema id), and rendering a datum as JSON (for the relay,
// consumers and the demo, which show decoded events).
//
// The checks: nothing left over after the datum; varints of at most 10 bytes and within their
// type's range; lengths and block counts that are not negative and stay within the data; union
// and enum indexes that exist; booleans 0 or 1; strings and map keys valid UTF-8; nesting no
// deeper than a limit (data of a recursive schema nests as deep as it likes); no more than 2^17
// values plus 64 per byte of the datum (only records that nest without taking bytes, as in a
// hostile DAG-shaped schema, hold more), and no more than 2^16 array items that take no bytes.
// Logical types are not checked against their meaning (a uuid string need not look like a
// UUID), as Avro readers do not.
#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/avro/schema.h"
#include "common/codec/violation.h"

namespace causeway::codec {

enum class LogicalTypeRendering : uint8_t {
  // Avro's JSON encoding: a logical type as its underlying type (a timestamp as a number, a
  // decimal as a string of its two's-complement bytes).
  kAvroJson,
  // The forms JsonToAvroEncoder also reads, for people and for consumers that want them:
  // ISO-8601 timestamps ("2026-11-25T02:10:00Z"), dates and times, decimals as "12.34". A value
  // without such a form (a year past 9999) stays a number.
  kNatural,
};

enum class UnionRendering : uint8_t {
  // Avro's JSON encoding: a non-null union value as {"<branch type name>": value}.
  kAnnotated,
  // The value alone (`"nickname": "paul"`), as people and JSON consumers write it (the relay's
  // callbacks). Which branch it was is not shown; JsonToAvroEncoder reads it back when the
  // branches are distinguishable from the JSON value.
  kBare,
};

struct AvroReadOptions {
  // Records, arrays, maps and unions nested deeper than this are refused.
  size_t max_depth = 512;
  LogicalTypeRendering logical_types = LogicalTypeRendering::kAvroJson;
  UnionRendering unions = UnionRendering::kAnnotated;
};

// Natural JSON for consumers that know no Avro: bare union values and ISO-8601 logical types.
inline AvroReadOptions NaturalJson() {
  AvroReadOptions options;
  options.logical_types = LogicalTypeRendering::kNatural;
  options.unions = UnionRendering::kBare;
  return options;
}

// OK when `datum` is exactly one valid datum of `schema`. Otherwise INVALID_ARGUMENT
// "<path>: at byte <offset>: <what>" (`$.items[3].name: at byte 17: invalid UTF-8 in a string`),
// and, when `fault` is given, the same as a Violation.
absl::Status ValidateAvroBinary(const avro::Schema& schema, std::string_view datum,
                                const AvroReadOptions& options = {}, Violation* fault = nullptr);

// The datum as compact JSON: by default Avro's JSON encoding, every non-null union value annotated
// with its branch ({"string": "paul"}; see UnionRendering), bytes and fixed as strings of code points 0-255, NaN and the
// infinities as "NaN", "Infinity", "-Infinity". Fails as ValidateAvroBinary does.
absl::StatusOr<std::string> AvroBinaryToJson(const avro::Schema& schema, std::string_view datum,
                                             const AvroReadOptions& options = {});

// The same, appended to `out` (left as it was on failure).
absl::Status AppendAvroBinaryAsJson(const avro::Schema& schema, std::string_view datum,
                                    std::string& out, const AvroReadOptions& options = {});

// The datum written with `writer`, read as `reader` reads it (the Avro specification's schema
// resolution): fields matched by name or by the reader's aliases, the reader's missing fields
// from their defaults, fields the reader lacks passed over, promotions (int to long, float or
// double; long to float or double; float to double; string and bytes both ways), a writer's enum
// symbol the reader lacks as the reader's default symbol, union branches chosen as
// avro::ResolveUnionBranch chooses them. Members come in the writer's order, then the defaults
// (JSON objects are unordered). A pair the compatibility checker accepts
// (avro::CheckReaderWriter(reader, writer) empty) fails only on invalid data; otherwise
// INVALID_ARGUMENT "<reader path>: at byte <offset>: <what does not resolve>". A default is
// rendered as written in the reader's schema. Fails as ValidateAvroBinary does.
absl::StatusOr<std::string> ResolveAvroBinaryToJson(const avro::Schema& writer,
                                                    const avro::Schema& reader,
                                                    std::string_view datum,
                                                    const AvroReadOptions& options = {});
absl::Status AppendResolvedAvroBinaryAsJson(const avro::Schema& writer, const avro::Schema& reader,
                                            std::string_view datum, std::string& out,
                                            const AvroReadOptions& options = {});

}  // namespace causeway::codec
