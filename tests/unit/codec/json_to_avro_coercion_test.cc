// JsonToAvroEncoder's helpful coercions, each shown by what the payload was taken to mean
// (decoded back in Avro's JSON encoding, where every union value names its branch).
#include <string>
#include <string_view>

#include "common/codec/json_to_avro.h"
#include "codec_test_util.h"
#include "gtest/gtest.h"

namespace causeway::codec {
namespace {

using test_util::Decoded;
using test_util::kPersonSchema;
using test_util::MustEncode;
using test_util::MustParse;
using test_util::MustRefuse;
using test_util::Paths;

// A union alone, decoded: what a bare value was matched to.
std::string AsUnion(std::string_view union_json, std::string_view value) {
  return Decoded(MustParse(union_json), value);
}

TEST(JsonToAvroCoercion, AcceptsTheSeedsPersonWithAgeOmitted) {
  EXPECT_EQ(Decoded(MustParse(kPersonSchema),
                    R"({"first_name": "Paul", "last_name": "Smith", "username": "paul"})"),
            R"({"first_name":"Paul","last_name":"Smith","age":null,"username":{"string":"paul"}})");
}

TEST(JsonToAvroCoercion, AcceptsTheSeedsPersonInAnnotatedForm) {
  EXPECT_EQ(Decoded(MustParse(kPersonSchema),
                    R"({"first_name": "Paul", "last_name": "Smith", "age": {"int": 31},
                        "username": {"string": "paul"}})"),
            R"({"first_name":"Paul","last_name":"Smith","age":{"int":31},)"
            R"("username":{"string":"paul"}})");
}

TEST(JsonToAvroCoercion, AcceptsAnnotatedNull) {
  EXPECT_EQ(Decoded(MustParse(kPersonSchema),
                    R"({"first_name": "a", "last_name": "b", "age": {"null": null},
                        "username": null})"),
            R"({"first_name":"a","last_name":"b","age":null,"username":null})");
}

TEST(JsonToAvroCoercion, MatchesBareUnionValuesToTheirBranch) {
  EXPECT_EQ(Decoded(MustParse(kPersonSchema),
                    R"({"first_name": "a", "last_name": "b", "age": 31, "username": "paul"})"),
            R"({"first_name":"a","last_name":"b","age":{"int":31},"username":{"string":"paul"}})");
}

TEST(JsonToAvroCoercion, MissingFieldTakesItsDefault) {
  const avro::Schema schema = MustParse(R"({"type": "record", "name": "R", "fields": [
      {"name": "country", "type": "string", "default": "NL"},
      {"name": "count", "type": "long", "default": 7},
      {"name": "tags", "type": {"type": "array", "items": "string"}, "default": ["x"]},
      {"name": "where", "type": {"type": "record", "name": "Where", "fields": [
          {"name": "city", "type": "string", "default": "Delft"},
          {"name": "zip", "type": ["null", "string"], "default": null}]},
       "default": {"zip": null}}]})");
  EXPECT_EQ(Decoded(schema, "{}"),
            R"({"country":"NL","count":7,"tags":["x"],"where":{"city":"Delft","zip":null}})");
}

TEST(JsonToAvroCoercion, MissingUnionFieldTakesItsDefaultForTheFirstBranch) {
  const avro::Schema schema = MustParse(R"({"type": "record", "name": "R", "fields": [
      {"name": "nick", "type": ["string", "null"], "default": "anon"},
      {"name": "score", "type": ["null", "double"], "default": null}]})");
  EXPECT_EQ(Decoded(schema, "{}"), R"({"nick":{"string":"anon"},"score":null})");
}

TEST(JsonToAvroCoercion, MissingNullableFieldWithoutDefaultBecomesNull) {
  const avro::Schema schema = MustParse(R"({"type": "record", "name": "R", "fields": [
      {"name": "nick", "type": ["string", "null"]}]})");
  // The null branch is second here: its index, 1, is written.
  EXPECT_EQ(test_util::Hex(MustEncode(schema, "{}")), "02");
  EXPECT_EQ(Decoded(schema, "{}"), R"({"nick":null})");
}

TEST(JsonToAvroCoercion, BareIntegerGoesToIntWhenItFitsElseLong) {
  EXPECT_EQ(AsUnion(R"(["null", "long", "int"])", "31"), R"({"int":31})");
  EXPECT_EQ(AsUnion(R"(["null", "long", "int"])", "3000000000"), R"({"long":3000000000})");
}

TEST(JsonToAvroCoercion, BareIntegerIsPromotedToLongFloatOrDouble) {
  EXPECT_EQ(AsUnion(R"(["null", "long"])", "31"), R"({"long":31})");
  EXPECT_EQ(AsUnion(R"(["null", "double", "float"])", "31"), R"({"float":31.0})");
  EXPECT_EQ(AsUnion(R"(["null", "double"])", "31"), R"({"double":31.0})");
  EXPECT_EQ(AsUnion(R"(["null", "double"])", "18446744073709551615"),
            R"({"double":18446744073709551616.0})");
}

TEST(JsonToAvroCoercion, BareFractionGoesToDoubleBeforeFloat) {
  EXPECT_EQ(AsUnion(R"(["float", "double"])", "1.5"), R"({"double":1.5})");
  EXPECT_EQ(AsUnion(R"(["null", "float"])", "1.5"), R"({"float":1.5})");
  EXPECT_EQ(AsUnion(R"(["null", "int", "float"])", "1.5"), R"({"float":1.5})");
}

TEST(JsonToAvroCoercion, BareStringGoesToStringBeforeBytesOrFixed) {
  EXPECT_EQ(AsUnion(R"(["bytes", "string"])", R"("ab")"), R"({"string":"ab"})");
  EXPECT_EQ(AsUnion(R"(["null", "bytes"])", R"("ab")"), R"({"bytes":"ab"})");
  EXPECT_EQ(AsUnion(R"(["null", {"type": "fixed", "name": "F", "size": 2}])", R"("ab")"),
            R"({"F":"ab"})");
}

TEST(JsonToAvroCoercion, BareStringGoesToTheEnumThatHasTheSymbol) {
  constexpr std::string_view kUnion = R"(["null",
      {"type": "enum", "name": "Color", "symbols": ["RED"]},
      {"type": "enum", "name": "Size", "symbols": ["S", "M"]}])";
  EXPECT_EQ(AsUnion(kUnion, R"("M")"), R"({"Size":"M"})");
  EXPECT_EQ(AsUnion(kUnion, R"("RED")"), R"({"Color":"RED"})");
}

TEST(JsonToAvroCoercion, BareStringGoesToTheLogicalTypeThatReadsIt) {
  constexpr std::string_view kUnion = R"(["null",
      {"type": "long", "logicalType": "timestamp-millis"},
      {"type": "bytes", "logicalType": "decimal", "precision": 5, "scale": 2}])";
  EXPECT_EQ(AsUnion(kUnion, R"("1970-01-01T00:00:01Z")"), R"({"long":1000})");
  EXPECT_EQ(Decoded(MustParse(kUnion), R"("1.5")", LogicalTypeRendering::kNatural),
            R"({"bytes":"1.50"})");
}

TEST(JsonToAvroCoercion, BareNaNStringGoesToDouble) {
  EXPECT_EQ(AsUnion(R"(["null", "string", "double"])", R"("NaN")"), R"({"string":"NaN"})");
  EXPECT_EQ(AsUnion(R"(["null", "double"])", R"("NaN")"), R"({"double":"NaN"})");
}

TEST(JsonToAvroCoercion, BareUuidStringGoesToUuidOnlyWhenValid) {
  constexpr std::string_view kUnion =
      R"(["null", {"type": "string", "logicalType": "uuid"}, "bytes"])";
  EXPECT_EQ(AsUnion(kUnion, R"("123e4567-e89b-12d3-a456-426614174000")"),
            R"({"string":"123e4567-e89b-12d3-a456-426614174000"})");
  EXPECT_EQ(AsUnion(kUnion, R"("nope")"), R"({"bytes":"nope"})");
}

TEST(JsonToAvroCoercion, BareArrayGoesToTheArrayBranch) {
  EXPECT_EQ(AsUnion(R"(["null", {"type": "array", "items": "int"}])", "[1]"), R"({"array":[1]})");
}

constexpr std::string_view kShapes = R"(["null",
    {"type": "record", "name": "Cat", "namespace": "zoo", "fields": [
      {"name": "name", "type": "string"}, {"name": "lives", "type": "int", "default": 9}]},
    {"type": "record", "name": "Dog", "namespace": "zoo", "fields": [
      {"name": "name", "type": "string"}, {"name": "good", "type": "boolean"}]},
    {"type": "map", "values": "string"}])";

TEST(JsonToAvroCoercion, BareObjectGoesToTheFirstRecordItValidatesAgainst) {
  EXPECT_EQ(AsUnion(kShapes, R"({"name": "Tom"})"), R"({"zoo.Cat":{"name":"Tom","lives":9}})");
  EXPECT_EQ(AsUnion(kShapes, R"({"name": "Rex", "good": true})"),
            R"({"zoo.Dog":{"name":"Rex","good":true}})");
}

TEST(JsonToAvroCoercion, BareObjectFittingNoRecordGoesToTheMapBranch) {
  EXPECT_EQ(AsUnion(kShapes, R"({"colour": "red"})"), R"({"map":{"colour":"red"}})");
}

TEST(JsonToAvroCoercion, AnnotatedRecordIsNamedByFullOrSimpleName) {
  EXPECT_EQ(AsUnion(kShapes, R"({"zoo.Dog": {"name": "Rex", "good": false}})"),
            R"({"zoo.Dog":{"name":"Rex","good":false}})");
  EXPECT_EQ(AsUnion(kShapes, R"({"Dog": {"name": "Rex", "good": false}})"),
            R"({"zoo.Dog":{"name":"Rex","good":false}})");
  EXPECT_EQ(AsUnion(kShapes, R"({"map": {"name": "x"}})"), R"({"map":{"name":"x"}})");
}

TEST(JsonToAvroCoercion, UnknownEnumSymbolTakesTheEnumsDefault) {
  const avro::Schema schema = MustParse(
      R"({"type": "enum", "name": "Color", "symbols": ["UNKNOWN", "RED"], "default": "UNKNOWN"})");
  EXPECT_EQ(Decoded(schema, R"("PINK")"), R"("UNKNOWN")");
  EXPECT_EQ(Decoded(schema, R"("RED")"), R"("RED")");
}

TEST(JsonToAvroCoercion, LogicalTypesAlsoTakeTheirUnderlyingForm) {
  EXPECT_EQ(Decoded(MustParse(R"({"type": "int", "logicalType": "date"})"), "20782",
                    LogicalTypeRendering::kNatural),
            R"("2026-11-25")");
  EXPECT_EQ(Decoded(MustParse(R"({"type": "bytes", "logicalType": "decimal", "precision": 4,
                                 "scale": 2})"),
                    R"("12.34")", LogicalTypeRendering::kNatural),
            R"("12.34")");
}

TEST(JsonToAvroCoercion, DeepestAllowedNestingIsAccepted) {
  const avro::Schema schema = MustParse(R"({"type": "record", "name": "Node", "fields": [
      {"name": "next", "type": ["null", "Node"]}]})");
  std::string json;
  for (int i = 0; i < 64; ++i) json += R"({"next": )";
  json += "null";
  for (int i = 0; i < 64; ++i) json += "}";
  MustEncode(schema, json);
  json = R"({"next": )" + json + "}";
  EXPECT_EQ(Paths(MustRefuse(schema, json)), std::vector<std::string>{"$"});
}

}  // namespace
}  // namespace causeway::codec
