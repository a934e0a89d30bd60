// The registry's bounds on a schema's size and shape: each refused with INVALID_ARGUMENT naming
// the bound and where in the schema it is exceeded, in time linear in the schema.
#include "common/avro/schema_bounds.h"

#include <string>

#include "avro_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/dag_schema.h"

namespace causeway::avro {
namespace {

using test_util::MustParse;
using ::testing::HasSubstr;

// Records C0..C<n> side by side in one union, each holding the one before: nesting n + 2 levels
// deep in text nesting only a few.
std::string ChainSchema(int n) {
  std::string defs =
      R"({"type": "record", "name": "C0", "fields": [{"name": "v", "type": "int"}]})";
  for (int i = 1; i <= n; ++i) {
    defs += R"(, {"type": "record", "name": "C)" + std::to_string(i) +
            R"(", "fields": [{"name": "a", "type": "C)" + std::to_string(i - 1) + R"("}]})";
  }
  return R"({"type": "record", "name": "Chain", "fields": [{"name": "defs", "type": ["null", )" +
         defs + "]}]}";
}

std::string NestedArrays(int levels) {
  std::string json;
  for (int i = 0; i < levels; ++i) json += R"({"type": "array", "items": )";
  json += R"("int")";
  for (int i = 0; i < levels; ++i) json += "}";
  return json;
}

TEST(SchemaBounds, RefusesADagSchemaByWhatItExpandsTo) {
  // R<i> uses R<i-1> twice: R16 is 3 * 2^16 - 1 types, the first past 100,000. Measured once per
  // type, so k = 40 (2^40 types written out) is as quick as k = 17.
  const absl::Status status = CheckSchemaBounds(MustParse(test_support::DagSchema(40)));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            R"($.fields.defs[17]: type "R16" expanded (each use of a named type written out )"
            R"(in full) to 196607 types exceeds the bound of 100000 types)");
}

TEST(SchemaBounds, AcceptsADagWithinTheBound) {
  EXPECT_TRUE(CheckSchemaBounds(MustParse(test_support::DagSchema(12))).ok());
}

TEST(SchemaBounds, CountsARecursiveReferenceOnce) {
  const Schema list = MustParse(R"({"type": "record", "name": "Node", "fields": [
      {"name": "value", "type": "int"}, {"name": "next", "type": ["null", "Node"]}]})");
  EXPECT_TRUE(CheckSchemaBounds(list, {.max_expanded_types = 5}).ok());
  EXPECT_EQ(CheckSchemaBounds(list, {.max_expanded_types = 4}).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(SchemaBounds, RefusesNestingDeeperThanTheBound) {
  EXPECT_TRUE(CheckSchemaBounds(MustParse(NestedArrays(64))).ok());
  const absl::Status status = CheckSchemaBounds(MustParse(NestedArrays(65)));
  std::string path = "$";
  for (int i = 0; i < 64; ++i) path += ".items";
  EXPECT_EQ(status.message(),
            path + ": nesting of 65 levels of records, arrays and maps exceeds the bound of 64 "
                   "levels");
}

TEST(SchemaBounds, NestingFollowsReferencesToNamedTypes) {
  // Chain (1) > C<i> (i + 1): C62 nests 64 levels, C63 65.
  EXPECT_TRUE(CheckSchemaBounds(MustParse(ChainSchema(62))).ok());
  const absl::Status status = CheckSchemaBounds(MustParse(ChainSchema(200)));
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("$.fields.defs[64].fields.a: nesting of 65 levels"));
}

TEST(SchemaBounds, UnionsAddNoLevel) {
  const Schema optional = MustParse(R"({"type": "record", "name": "R", "fields": [
      {"name": "a", "type": ["null", {"type": "array", "items": "int"}]}]})");
  EXPECT_TRUE(CheckSchemaBounds(optional, {.max_depth = 2}).ok());
  EXPECT_FALSE(CheckSchemaBounds(optional, {.max_depth = 1}).ok());
}

TEST(SchemaBounds, RefusesMoreFieldsThanTheBound) {
  const Schema schema = MustParse(R"({"type": "record", "name": "R", "fields": [
      {"name": "a", "type": "int"},
      {"name": "inner", "type": {"type": "record", "name": "S", "fields": [
        {"name": "b", "type": "int"}, {"name": "c", "type": "int"}]}},
      {"name": "again", "type": "S"}]})");
  // Fields of each record type count once, however often the type is used.
  EXPECT_TRUE(CheckSchemaBounds(schema, {.max_fields = 5}).ok());
  const absl::Status status = CheckSchemaBounds(schema, {.max_fields = 4});
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "$: 5 fields in all records exceeds the bound of 4 fields");
}

TEST(SchemaBounds, RefusesTextLargerThanTheBound) {
  EXPECT_EQ(SchemaBounds{}.max_text_bytes, 256u << 10);
  const std::string padded = R"({"type": "string", "doc": ")" + std::string(256 << 10, 'x') + "\"}";
  const absl::Status status = CheckSchemaTextSize(padded);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("exceeds the bound of 262144 bytes"));
  EXPECT_TRUE(CheckSchemaTextSize(R"("int")").ok());
}

}  // namespace
}  // namespace causeway::avro
