// Reading a datum with a reader schema other than its writer's: every rule of the Avro
// specification's "Schema Resolution", one test each.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "codec_test_util.h"
#include "common/avro/compatibility.h"
#include "common/codec/avro_binary_reader.h"

namespace causeway::codec {
namespace {

using test_util::MustEncode;
using test_util::MustParse;
using ::testing::HasSubstr;

// Encodes `value` with `writer`, then reads it as `reader` in natural JSON.
std::string Read(std::string_view writer, std::string_view value, std::string_view reader,
                 const AvroReadOptions& options = NaturalJson()) {
  const avro::Schema w = MustParse(writer);
  const avro::Schema r = MustParse(reader);
  auto json = ResolveAvroBinaryToJson(w, r, MustEncode(w, value), options);
  return json.ok() ? *json : "error: " + std::string(json.status().message());
}

constexpr std::string_view kPersonV1 = R"({"type": "record", "name": "Person", "namespace": "mfp",
  "fields": [{"name": "first_name", "type": "string"},
             {"name": "age", "type": ["null", "int"], "default": null},
             {"name": "country", "type": "string"}]})";

TEST(AvroResolution, TheSameSchemaReadsAsWithoutResolution) {
  const avro::Schema s = MustParse(kPersonV1);
  const std::string datum = MustEncode(s, R"({"first_name": "Ada", "age": 36, "country": "UK"})");
  EXPECT_EQ(*ResolveAvroBinaryToJson(s, MustParse(kPersonV1), datum),
            *AvroBinaryToJson(s, datum));
}

TEST(AvroResolution, AFieldTheReaderLacksIsPassedOver) {
  EXPECT_EQ(Read(kPersonV1, R"({"first_name": "Ada", "age": 36, "country": "UK"})",
                 R"({"type": "record", "name": "Person", "namespace": "mfp",
                     "fields": [{"name": "first_name", "type": "string"},
                                {"name": "country", "type": "string"}]})"),
            R"({"first_name":"Ada","country":"UK"})");
}

TEST(AvroResolution, AFieldTheWriterLacksTakesTheReadersDefault) {
  EXPECT_EQ(Read(kPersonV1, R"({"first_name": "Ada", "age": null, "country": "UK"})",
                 R"({"type": "record", "name": "Person", "namespace": "mfp",
                     "fields": [{"name": "first_name", "type": "string"},
                                {"name": "age", "type": ["null", "int"], "default": null},
                                {"name": "country", "type": "string"},
                                {"name": "nickname", "type": ["string", "null"], "default": "n/a"},
                                {"name": "score", "type": "double", "default": 1.5}]})"),
            R"({"first_name":"Ada","age":null,"country":"UK","nickname":"n/a","score":1.5})");
}

TEST(AvroResolution, AnnotatedRenderingAnnotatesADefaultOfAUnion) {
  AvroReadOptions annotated;
  EXPECT_EQ(Read(R"({"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]})",
                 R"({"a": 1})",
                 R"({"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"},
                     {"name": "b", "type": ["string", "null"], "default": "x"}]})",
                 annotated),
            R"({"a":1,"b":{"string":"x"}})");
}

TEST(AvroResolution, ADefaultIsRenderedAsAValueOfItsTypeWouldBe) {
  // Natural JSON shows a timestamp default as ISO text and a decimal default as its number, as it
  // shows the same field when the writer writes it; a record default gets its own defaults.
  EXPECT_EQ(Read(R"({"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"}]})",
                 R"({"a": 1})",
                 R"({"type": "record", "name": "R", "fields": [{"name": "a", "type": "int"},
                     {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"},
                      "default": 0},
                     {"name": "price", "type": {"type": "bytes", "logicalType": "decimal",
                      "precision": 5, "scale": 2}, "default": "\u0004\u00d2"},
                     {"name": "inner", "type": {"type": "record", "name": "Inner", "fields": [
                        {"name": "x", "type": "int", "default": 7},
                        {"name": "y", "type": ["null", "string"], "default": null}]},
                      "default": {"y": null}}]})"),
            R"({"a":1,"at":"1970-01-01T00:00:00Z","price":"12.34","inner":{"x":7,"y":null}})");
}

TEST(AvroResolution, AFieldWithoutDefaultTheWriterLacksFailsWithItsPath) {
  EXPECT_EQ(Read(kPersonV1, R"({"first_name": "Ada", "age": null, "country": "UK"})",
                 R"({"type": "record", "name": "Person", "namespace": "mfp",
                     "fields": [{"name": "first_name", "type": "string"},
                                {"name": "email", "type": "string"}]})"),
            "error: $.email: at byte 8: the reader's field has no default and the writer does "
            "not write it");
}

TEST(AvroResolution, AReaderFieldFindsTheWritersFieldByAlias) {
  EXPECT_EQ(Read(kPersonV1, R"({"first_name": "Ada", "age": 36, "country": "UK"})",
                 R"({"type": "record", "name": "Person", "namespace": "mfp",
                     "fields": [{"name": "given_name", "type": "string", "aliases": ["first_name"]},
                                {"name": "age", "type": ["null", "int"], "default": null},
                                {"name": "country", "type": "string"}]})"),
            R"({"given_name":"Ada","age":36,"country":"UK"})");
}

TEST(AvroResolution, ARecordFindsTheWritersRecordByAlias) {
  EXPECT_EQ(Read(R"({"type": "record", "name": "Old", "fields": [{"name": "a", "type": "int"}]})",
                 R"({"a": 1})",
                 R"({"type": "record", "name": "New", "aliases": ["Old"],
                     "fields": [{"name": "a", "type": "int"}]})"),
            R"({"a":1})");
  EXPECT_THAT(Read(R"({"type": "record", "name": "Old", "fields": [{"name": "a", "type": "int"}]})",
                   R"({"a": 1})",
                   R"({"type": "record", "name": "Other", "fields": [{"name": "a", "type": "int"}]})"),
              HasSubstr("the writer's Old does not match the reader's Other"));
}

TEST(AvroResolution, NumbersArePromoted) {
  const auto rec = [](std::string_view type) {
    return std::string(R"({"type": "record", "name": "N", "fields": [{"name": "v", "type": ")") +
           std::string(type) + "\"}]}";
  };
  EXPECT_EQ(Read(rec("int"), R"({"v": 7})", rec("long")), R"({"v":7})");
  EXPECT_EQ(Read(rec("int"), R"({"v": 7})", rec("double")), R"({"v":7.0})");
  EXPECT_EQ(Read(rec("int"), R"({"v": 7})", rec("float")), R"({"v":7.0})");
  EXPECT_EQ(Read(rec("long"), R"({"v": 9007199254740993})", rec("double")),
            R"({"v":9007199254740992.0})");
  EXPECT_EQ(Read(rec("float"), R"({"v": 0.5})", rec("double")), R"({"v":0.5})");
  EXPECT_EQ(Read(rec("string"), R"({"v": "hi"})", rec("bytes")), R"({"v":"hi"})");
  EXPECT_EQ(Read(rec("bytes"), R"({"v": "hi"})", rec("string")), R"({"v":"hi"})");
  EXPECT_THAT(Read(rec("long"), R"({"v": 7})", rec("int")), HasSubstr("a long value cannot be read as int"));
}

TEST(AvroResolution, AnUnknownEnumSymbolTakesTheReadersDefault) {
  constexpr std::string_view kWriter = R"({"type": "record", "name": "R", "fields": [{"name": "c",
      "type": {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN", "BLUE"]}}]})";
  EXPECT_EQ(Read(kWriter, R"({"c": "BLUE"})", R"({"type": "record", "name": "R", "fields": [
                {"name": "c", "type": {"type": "enum", "name": "Color",
                 "symbols": ["UNKNOWN", "GREEN", "RED"], "default": "UNKNOWN"}}]})"),
            R"({"c":"UNKNOWN"})");
  EXPECT_EQ(Read(kWriter, R"({"c": "RED"})", R"({"type": "record", "name": "R", "fields": [
                {"name": "c", "type": {"type": "enum", "name": "Color",
                 "symbols": ["GREEN", "RED"]}}]})"),
            R"({"c":"RED"})");
  EXPECT_THAT(Read(kWriter, R"({"c": "BLUE"})", R"({"type": "record", "name": "R", "fields": [
                  {"name": "c", "type": {"type": "enum", "name": "Color",
                   "symbols": ["GREEN", "RED"]}}]})"),
              HasSubstr("$.c: at byte 0: symbol BLUE is not in the reader's enum, which has no default"));
}

TEST(AvroResolution, UnionsResolveBranchByBranch) {
  // Writer union to reader union of another order: by the branch written.
  EXPECT_EQ(Read(R"({"type": "record", "name": "R", "fields": [{"name": "u", "type": ["null", "int", "string"]}]})",
                 R"({"u": {"string": "s"}})",
                 R"({"type": "record", "name": "R", "fields": [{"name": "u", "type": ["string", "null", "long"]}]})",
                 AvroReadOptions{}),
            R"({"u":{"string":"s"}})");
  // An int branch read by a union with long only: promoted into that branch.
  EXPECT_EQ(Read(R"({"type": "record", "name": "R", "fields": [{"name": "u", "type": ["null", "int"]}]})",
                 R"({"u": {"int": 3}})",
                 R"({"type": "record", "name": "R", "fields": [{"name": "u", "type": ["null", "long"]}]})",
                 AvroReadOptions{}),
            R"({"u":{"long":3}})");
  // A plain writer value read by a reader union.
  EXPECT_EQ(Read(R"({"type": "record", "name": "R", "fields": [{"name": "u", "type": "string"}]})",
                 R"({"u": "s"})",
                 R"({"type": "record", "name": "R", "fields": [{"name": "u", "type": ["null", "string"]}]})"),
            R"({"u":"s"})");
  // A writer union read by a plain reader type: fine for the branch it names, an error otherwise.
  constexpr std::string_view kUnion =
      R"({"type": "record", "name": "R", "fields": [{"name": "u", "type": ["null", "string"]}]})";
  constexpr std::string_view kPlain =
      R"({"type": "record", "name": "R", "fields": [{"name": "u", "type": "string"}]})";
  EXPECT_EQ(Read(kUnion, R"({"u": "s"})", kPlain), R"({"u":"s"})");
  EXPECT_THAT(Read(kUnion, R"({"u": null})", kPlain), HasSubstr("a null value cannot be read as string"));
}

TEST(AvroResolution, ArraysMapsAndNestedRecordsResolveTheirElements) {
  EXPECT_EQ(
      Read(R"({"type": "record", "name": "R", "fields": [
               {"name": "xs", "type": {"type": "array", "items": "int"}},
               {"name": "m", "type": {"type": "map", "values": {"type": "record", "name": "P",
                 "fields": [{"name": "a", "type": "int"}, {"name": "gone", "type": "string"}]}}}]})",
           R"({"xs": [1, 2], "m": {"k": {"a": 1, "gone": "x"}}})",
           R"({"type": "record", "name": "R", "fields": [
               {"name": "xs", "type": {"type": "array", "items": "double"}},
               {"name": "m", "type": {"type": "map", "values": {"type": "record", "name": "P",
                 "fields": [{"name": "a", "type": "long"}, {"name": "b", "type": "int", "default": 0}]}}}]})"),
      R"({"xs":[1.0,2.0],"m":{"k":{"a":1,"b":0}}})");
}

TEST(AvroResolution, AReaderTheCheckerAcceptsReadsEveryDatum) {
  // The seed's Person evolving: v2 adds a defaulted field and drops none; v1 readers and v2
  // readers both read both writers.
  constexpr std::string_view kV2 = R"({"type": "record", "name": "Person", "namespace": "mfp",
    "fields": [{"name": "first_name", "type": "string"},
               {"name": "age", "type": ["null", "int"], "default": null},
               {"name": "country", "type": "string"},
               {"name": "email", "type": ["null", "string"], "default": null}]})";
  const avro::Schema v1 = MustParse(kPersonV1);
  const avro::Schema v2 = MustParse(kV2);
  ASSERT_TRUE(avro::CheckReaderWriter(v1, v2).empty());
  ASSERT_TRUE(avro::CheckReaderWriter(v2, v1).empty());
  EXPECT_EQ(*ResolveAvroBinaryToJson(v2, v1, MustEncode(v2, R"({"first_name": "A", "age": 1,
                "country": "UK", "email": "a@b"})"), NaturalJson()),
            R"({"first_name":"A","age":1,"country":"UK"})");
  EXPECT_EQ(*ResolveAvroBinaryToJson(v1, v2, MustEncode(v1, R"({"first_name": "A", "age": 1,
                "country": "UK"})"), NaturalJson()),
            R"({"first_name":"A","age":1,"country":"UK","email":null})");
}

TEST(AvroResolution, InvalidDataFailsAsWithoutResolution) {
  const avro::Schema s = MustParse(kPersonV1);
  const std::string datum = MustEncode(s, R"({"first_name": "Ada", "age": 36, "country": "UK"})");
  for (size_t cut = 0; cut < datum.size(); ++cut) {
    EXPECT_FALSE(ResolveAvroBinaryToJson(s, MustParse(R"({"type": "record", "name": "Person",
        "namespace": "mfp", "fields": [{"name": "country", "type": "string"}]})"),
                                         datum.substr(0, cut))
                     .ok())
        << cut;
  }
}

}  // namespace
}  // namespace causeway::codec
