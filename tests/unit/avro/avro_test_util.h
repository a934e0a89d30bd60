#pragma once
// Helpers and fixtures shared by the Avro unit tests.
#include <string_view>

#include "common/avro/schema_parser.h"
#include "gtest/gtest.h"

namespace causeway::avro::test_util {

// The schema, or a test failure naming the faults (and an empty Schema, so the test goes on).
inline Schema MustParse(std::string_view json) {
  absl::StatusOr<Schema> schema = ParseSchema(json);
  EXPECT_TRUE(schema.ok()) << schema.status() << "\n" << json;
  if (!schema.ok()) return Schema();
  return *std::move(schema);
}

// The specification's example of namespace rules (section "Names").
inline constexpr std::string_view kSpecNamespaceExample = R"({
  "type": "record", "name": "Example",
  "fields": [
    {"name": "inheritNull", "type": {"type": "enum", "name": "Simple", "symbols": ["a", "b"]}},
    {"name": "explicitNamespace",
     "type": {"type": "fixed", "name": "Simple", "namespace": "explicit", "size": 12}},
    {"name": "fullName",
     "type": {"type": "record", "name": "a.full.Name", "namespace": "ignored",
              "fields": [{"name": "inheritNamespace",
                          "type": {"type": "enum", "name": "Understanding",
                                   "symbols": ["d", "e"]}}]}}
  ]})";

}  // namespace causeway::avro::test_util
