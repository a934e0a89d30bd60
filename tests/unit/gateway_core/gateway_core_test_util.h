#pragma once
// Helpers shared by the gateway core's unit tests.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "common/avro/schema_parser.h"
#include "gateway/core/avro_binary_reader.h"
#include "gateway/core/json_to_avro.h"
#include "gtest/gtest.h"

namespace causeway::gateway::test_util {

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

}  // namespace causeway::gateway::test_util
