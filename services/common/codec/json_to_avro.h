#pragma once
// JSON payload → Avro binary of one datum of a schema, listing every violation when the payload
// does not fit the schema. The heart of a JSON publish.
//
//   JsonToAvroEncoder encoder;               // one per thread: it keeps a parser and buffers
//   std::string message = ...;               // e.g. a Confluent header already written
//   Violations violations;
//   absl::Status status = encoder.Encode(schema, json, message, violations);
//   // OK: the datum was appended to `message`.
//   // INVALID_ARGUMENT: `message` is unchanged; `violations` holds every {path, message}, e.g.
//   //   {"$.country", "expected string or null, got 12"}, and so does the status text.
//
// Helpful coercions, on top of Avro's JSON encoding (which is accepted as it is):
//   - a missing field takes its default (a union's default is for its first branch, and the
//     defaults a payload takes are bounded, see JsonToAvroOptions); a missing
//     field of a union containing null, without a default, becomes null;
//   - a union value may be written bare ("username": "paul", "age": 31) and is matched to a
//     branch: by the JSON type, exact first and then by Avro's promotions (an integer goes to int
//     when it fits, else long, then float, double; a number with a fraction goes to double, else
//     float; a string to string, an enum naming it, a logical type reading it, then bytes/fixed);
//     a JSON object goes to the first record branch it validates against, else to the map branch.
//     Annotated values ({"string": "paul"}, {"null": null}, {"com.example.Rec": {...}}, also by the
//     record's simple name) name their branch;
//   - enums by symbol, an unknown symbol taking the enum's default when it has one;
//   - logical types in their natural forms: timestamps as ISO-8601 strings with an offset
//     ("2026-11-25T02:10:00.5+01:00"; local timestamps without one), dates "YYYY-MM-DD", times
//     "HH:MM:SS[.fff]", UUIDs validated (and stored lower-case), decimals as strings ("12.34") or
//     numbers; each also as its underlying type (a long, bytes...);
//   - "NaN", "Infinity" and "-Infinity" for float and double.
// Refused, each with a violation: out-of-range integers, fractions for int/long, unknown fields,
// repeated fields or map keys, JSON nested deeper than the limit, anything else not listed above.
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/avro/schema.h"
#include "common/codec/violation.h"

namespace causeway::codec {

struct JsonToAvroOptions {
  // Arrays and objects nested deeper than this are refused before any checking (simdjson lets an
  // innermost empty array or object go one level deeper); it also bounds the encoder's recursion.
  size_t max_depth = 64;
  // Larger JSON texts are refused unread.
  size_t max_json_bytes = 8 << 20;
  // Past this many, violations are no longer listed (one last entry says so).
  size_t max_violations = 100;
  // The defaults of fields a payload leaves out may cost, all together, this many units (one per
  // value written, one per byte of a string, bytes or fixed) plus default_expansion_per_byte for
  // each byte of the payload; past that, each field whose default does not fit is a violation.
  // Defaults nest: in a schema whose records each use the one before twice, one default expands
  // to 2^k values, and many small payload objects each taking defaults add up. The budget keeps
  // a payload's cost within a small multiple of its size, as kTrialStepsPerByte does for unions.
  size_t min_default_expansion = size_t{1} << 16;
  size_t default_expansion_per_byte = 16;
};

// Not thread-safe: each thread (or each stream handler) owns one and reuses it, keeping its
// parser's and buffers' memory warm (sized for the largest payload it has seen, up to about ten
// times max_json_bytes). The schema is only read, so any number of encoders may use
// the same Schema at once.
class JsonToAvroEncoder {
 public:
  explicit JsonToAvroEncoder(JsonToAvroOptions options = {});
  ~JsonToAvroEncoder();
  JsonToAvroEncoder(JsonToAvroEncoder&&) noexcept;
  JsonToAvroEncoder& operator=(JsonToAvroEncoder&&) noexcept;

  // Appends the Avro binary of `json` as a datum of `schema` to `out`, and returns OK; or leaves
  // `out` as it was and returns INVALID_ARGUMENT, with every violation in `violations` (cleared
  // first) and in the status message, one "path: message" per line.
  absl::Status Encode(const avro::Schema& schema, std::string_view json, std::string& out,
                      Violations& violations);

  // The datum alone; the violations only in the status message.
  absl::StatusOr<std::string> Encode(const avro::Schema& schema, std::string_view json);

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace causeway::codec
