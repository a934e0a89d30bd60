#pragma once
// Helpers shared by the gateway core's unit tests.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "common/avro/schema_parser.h"
#include "common/codec/avro_binary_reader.h"
#include "common/codec/json_to_avro.h"
#include "gtest/gtest.h"

namespace causeway::codec::test_util {

// The schema, or a test failure naming its faults (and an empty Schema).
inline avro::Schema MustParse(std::string_view json) {
  absl::StatusOr<avro::Schema> schema = avro::ParseSchema(json);
  EXPECT_TRUE(schema.ok()) << schema.status() << "\n" << json;
  if (!schema.ok()) return avro::Schema();
  return *std::move(schema);
}

// Bytes written as numbers: Bytes({0x02, 0xff}).
inline std::string Bytes(std::initializer_list<int> bytes) {
  std::string out;
  for (int b : bytes) out += static_cast<char>(b);
  return out;
}

// "02 ff 0a": readable byte strings in failure messages.
inline std::string Hex(std::string_view bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (char c : bytes) {
    if (!out.empty()) out += ' ';
    out += kDigits[static_cast<unsigned char>(c) >> 4];
    out += kDigits[static_cast<unsigned char>(c) & 0xF];
  }
  return out;
}

// The Avro binary of `json`, or a test failure listing the violations.
inline std::string MustEncode(const avro::Schema& schema, std::string_view json) {
  JsonToAvroEncoder encoder;
  std::string out;
  Violations violations;
  absl::Status status = encoder.Encode(schema, json, out, violations);
  EXPECT_TRUE(status.ok()) << status << "\nfor " << json;
  return out;
}

// The violations of a payload the encoder must refuse.
inline Violations MustRefuse(const avro::Schema& schema, std::string_view json) {
  JsonToAvroEncoder encoder;
  std::string out = "untouched";
  Violations violations;
  absl::Status status = encoder.Encode(schema, json, out, violations);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status << "\nfor " << json;
  EXPECT_FALSE(violations.empty()) << json;
  EXPECT_EQ(out, "untouched") << "output written on failure";
  return violations;
}

inline std::vector<std::string> Paths(const Violations& violations) {
  std::vector<std::string> paths;
  for (const Violation& v : violations) paths.push_back(v.path);
  return paths;
}

// JSON → Avro binary → JSON: what the payload was taken to mean, in Avro's JSON encoding (every
// field present, non-null union values annotated with their branch).
inline std::string Decoded(const avro::Schema& schema, std::string_view json,
                           LogicalTypeRendering rendering = LogicalTypeRendering::kAvroJson) {
  const std::string binary = MustEncode(schema, json);
  absl::StatusOr<std::string> decoded =
      AvroBinaryToJson(schema, binary, {.logical_types = rendering});
  EXPECT_TRUE(decoded.ok()) << decoded.status() << "\nfor " << json;
  return decoded.ok() ? *decoded : "";
}

// The seed's Person: two required strings, a nullable age and a nullable username.
inline constexpr std::string_view kPersonSchema = R"({
  "type": "record", "name": "Person", "namespace": "mfp",
  "fields": [
    {"name": "first_name", "type": "string"},
    {"name": "last_name", "type": "string"},
    {"name": "age", "type": ["null", "int"]},
    {"name": "username", "type": ["null", "string"]}
  ]})";

// Every primitive, complex and logical type, and a value of it that uses the natural forms and
// several coercions.
constexpr std::string_view kEveryTypeSchema = R"({
  "type": "record", "name": "All", "namespace": "rt",
  "fields": [
    {"name": "n", "type": "null"},
    {"name": "b", "type": "boolean"},
    {"name": "i", "type": "int"},
    {"name": "l", "type": "long"},
    {"name": "f", "type": "float"},
    {"name": "d", "type": "double"},
    {"name": "s", "type": "string"},
    {"name": "by", "type": "bytes"},
    {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["A", "B"]}},
    {"name": "fx", "type": {"type": "fixed", "name": "F", "size": 4}},
    {"name": "a", "type": {"type": "array", "items": ["null", "E", "F"]}},
    {"name": "m", "type": {"type": "map", "values": {"type": "array", "items": "float"}}},
    {"name": "date", "type": {"type": "int", "logicalType": "date"}},
    {"name": "tm", "type": {"type": "int", "logicalType": "time-millis"}},
    {"name": "tu", "type": {"type": "long", "logicalType": "time-micros"}},
    {"name": "tsm", "type": {"type": "long", "logicalType": "timestamp-millis"}},
    {"name": "tsu", "type": {"type": "long", "logicalType": "timestamp-micros"}},
    {"name": "ltm", "type": {"type": "long", "logicalType": "local-timestamp-millis"}},
    {"name": "ltu", "type": {"type": "long", "logicalType": "local-timestamp-micros"}},
    {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
    {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10,
                               "scale": 3}},
    {"name": "money", "type": {"type": "fixed", "name": "Money", "size": 8,
                               "logicalType": "decimal", "precision": 18, "scale": 2}},
    {"name": "dur", "type": {"type": "fixed", "name": "Dur", "size": 12,
                             "logicalType": "duration"}},
    {"name": "tree", "type": {"type": "record", "name": "Tree", "fields": [
      {"name": "label", "type": ["null", "string"]},
      {"name": "kids", "type": {"type": "array", "items": "Tree"}, "default": []}]}}
  ]})";

constexpr std::string_view kEveryTypeValue = R"({
  "n": null, "b": false, "i": -2147483648, "l": 9223372036854775807, "f": -1.25e-3,
  "d": 6.02214076e23, "s": "tab\there \u2028 \"quoted\" \\ 😀", "by": "\u0000\u007f\u0080\u00ff",
  "e": "A", "fx": "\u0001\u0002\u0003\u0004",
  "a": [null, "B", {"F": "abcd"}, {"E": "A"}],
  "m": {"xs": [1.5, "NaN", "Infinity"], "": []},
  "date": "1999-12-31", "tm": "23:59:59.999", "tu": "12:00:00.000001",
  "tsm": "2026-11-25T02:10:00.123+05:30", "tsu": "1900-01-01T00:00:00Z",
  "ltm": "2026-11-25T02:10:00", "ltu": "2026-11-25 02:10:00.654321",
  "id": "123E4567-E89B-12D3-A456-426614174000", "price": "-1234567.891", "money": 42,
  "dur": "\u0001\u0000\u0000\u0000\u0002\u0000\u0000\u0000\u0003\u0000\u0000\u0000",
  "tree": {"label": "root", "kids": [{"label": null}, {"kids": [{"label": "leaf"}]}]}})";

}  // namespace causeway::codec::test_util
