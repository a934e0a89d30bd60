// Reading Avro binary: rendering a datum as JSON, and refusing anything that is not exactly one
// valid datum, with the path and byte offset of the fault.
#include "common/codec/avro_binary_reader.h"

#include <string>
#include <string_view>

#include "codec_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/dag_schema.h"

namespace causeway::codec {
namespace {

using test_util::Bytes;
using test_util::kEveryTypeSchema;
using test_util::kEveryTypeValue;
using test_util::kPersonSchema;
using test_util::MustEncode;
using test_util::MustParse;
using ::testing::HasSubstr;

TEST(AvroBinaryReader, NaturalJsonDropsUnionBranchNamesAndFormatsTimestamps) {
  const avro::Schema schema = MustParse(R"({"type": "record", "name": "P", "fields": [
      {"name": "nick", "type": ["null", "string"]},
      {"name": "age", "type": ["null", "int"]},
      {"name": "pet", "type": ["null", {"type": "record", "name": "Pet", "fields": [
          {"name": "name", "type": "string"}]}]},
      {"name": "at", "type": {"type": "long", "logicalType": "timestamp-millis"}}]})");
  const std::string binary =
      MustEncode(schema, R"({"nick": "paul", "age": null, "pet": {"name": "rex"},
                            "at": "2026-11-25T02:10:00Z"})");
  EXPECT_EQ(*AvroBinaryToJson(schema, binary, NaturalJson()),
            R"({"nick":"paul","age":null,"pet":{"name":"rex"},"at":"2026-11-25T02:10:00Z"})");
  EXPECT_EQ(*AvroBinaryToJson(schema, binary),
            R"({"nick":{"string":"paul"},"age":null,"pet":{"Pet":{"name":"rex"}},"at":1795572600000})");
}

TEST(AvroBinaryReader, RendersADatumInAvroJsonEncoding) {
  const avro::Schema schema = MustParse(kEveryTypeSchema);
  const std::string binary = MustEncode(schema, kEveryTypeValue);
  EXPECT_TRUE(ValidateAvroBinary(schema, binary).ok());
  EXPECT_EQ(
      *AvroBinaryToJson(schema, binary),
      R"({"n":null,"b":false,"i":-2147483648,"l":9223372036854775807,"f":-0.00125,)"
      R"("d":6.02214076e+23,"s":"tab\there )" "\u2028" R"( \"quoted\" \\ 😀",)"
      R"("by":"\u0000)" "\x7f\u0080\u00ff" R"(","e":"A","fx":"\u0001\u0002\u0003\u0004",)"
      R"("a":[null,{"rt.E":"B"},{"rt.F":"abcd"},{"rt.E":"A"}],)"
      R"("m":{"xs":[1.5,"NaN","Infinity"],"":[]},)"
      R"("date":10956,"tm":86399999,"tu":43200000001,"tsm":1795552800123,)"
      R"("tsu":-2208988800000000,"ltm":1795572600000,"ltu":1795572600654321,)"
      R"("id":"123e4567-e89b-12d3-a456-426614174000",)"
      // -1234567891 is b6 69 fd 2d; 4200 is 10 68.
      R"("price":")" "\u00b6i\u00fd-" R"(",)"
      R"("money":"\u0000\u0000\u0000\u0000\u0000\u0000\u0010h",)"
      R"("dur":"\u0001\u0000\u0000\u0000\u0002\u0000\u0000\u0000\u0003\u0000\u0000\u0000",)"
      R"("tree":{"label":{"string":"root"},"kids":[{"label":null,"kids":[]},)"
      R"({"label":null,"kids":[{"label":{"string":"leaf"},"kids":[]}]}]}})");
}

TEST(AvroBinaryReader, AppendsToWhatIsThereAndLeavesItOnFailure) {
  const avro::Schema schema = MustParse(R"("int")");
  std::string out = "x=";
  EXPECT_TRUE(AppendAvroBinaryAsJson(schema, "\x02", out).ok());
  EXPECT_EQ(out, "x=1");
  EXPECT_FALSE(AppendAvroBinaryAsJson(schema, "\x80", out).ok());
  EXPECT_EQ(out, "x=1");
}

TEST(AvroBinaryReader, RefusesEveryTruncationOfAValidDatum) {
  const avro::Schema schema = MustParse(kEveryTypeSchema);
  const std::string binary = MustEncode(schema, kEveryTypeValue);
  for (size_t size = 0; size < binary.size(); ++size) {
    EXPECT_EQ(ValidateAvroBinary(schema, binary.substr(0, size)).code(),
              absl::StatusCode::kInvalidArgument)
        << size;
  }
}

TEST(AvroBinaryReader, RefusesBytesLeftOverAfterTheDatum) {
  const avro::Schema schema = MustParse(R"("int")");
  EXPECT_EQ(ValidateAvroBinary(schema, Bytes({0x02, 0x00})).message(),
            "$: at byte 1: 1 bytes left over after the datum");
}

// The fault ValidateAvroBinary reports for `binary` as a datum of `schema_json`.
Violation Fault(std::string_view schema_json, std::string_view binary) {
  Violation fault;
  const absl::Status status = ValidateAvroBinary(MustParse(schema_json), binary, {}, &fault);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), fault.ToString());
  return fault;
}

TEST(AvroBinaryReader, RefusesAnInvalidUnionIndexWithItsPathAndOffset) {
  // first_name "a", last_name "b", then age with union index 5.
  const Violation fault = Fault(kPersonSchema, Bytes({0x02, 'a', 0x02, 'b', 0x0a, 0x00}));
  EXPECT_EQ(fault.path, "$.age");
  EXPECT_EQ(fault.message, "at byte 4: union index 5 is not one of the 2 branches");
  EXPECT_EQ(Fault(R"(["null", "int"])", Bytes({0x01})).message,
            "at byte 0: union index -1 is not one of the 2 branches");
}

TEST(AvroBinaryReader, RefusesAnInvalidEnumIndex) {
  EXPECT_EQ(Fault(R"({"type": "enum", "name": "E", "symbols": ["A"]})", Bytes({0x02})).message,
            "at byte 0: enum index 1 is not one of the 1 symbols");
}

TEST(AvroBinaryReader, RefusesABooleanOtherThanZeroOrOne) {
  EXPECT_EQ(Fault(R"("boolean")", Bytes({0x02})).message,
            "at byte 0: boolean byte 0x02 is neither 0 nor 1");
}

TEST(AvroBinaryReader, RefusesInvalidUtf8InStringsAndMapKeys) {
  EXPECT_EQ(Fault(R"("string")", Bytes({0x02, 0xff})).message,
            "at byte 0: string is not valid UTF-8");
  const Violation fault =
      Fault(R"({"type": "map", "values": "int"})", Bytes({0x02, 0x04, 0xc3, 0x28, 0x02, 0x00}));
  EXPECT_EQ(fault.path, "$");
  EXPECT_EQ(fault.message, "at byte 1: string is not valid UTF-8");
}

TEST(AvroBinaryReader, RefusesLengthsThatAreNegativeOrPastTheEnd) {
  EXPECT_EQ(Fault(R"("bytes")", Bytes({0x01})).message, "at byte 0: negative bytes length -1");
  EXPECT_EQ(Fault(R"("string")", Bytes({0x0a, 'a'})).message,
            "at byte 0: string length 5 does not fit in the 1 bytes left");
  EXPECT_EQ(Fault(R"({"type": "fixed", "name": "F", "size": 4})", "abc").message,
            "at byte 0: data ends inside a fixed");
}

TEST(AvroBinaryReader, RefusesVarintsOutOfRange) {
  EXPECT_EQ(Fault(R"("long")", std::string(10, '\xff') + '\x01').message,
            "at byte 0: varint longer than 64 bits");
  EXPECT_EQ(Fault(R"("long")", std::string(9, '\xff') + '\x7f').message,
            "at byte 0: varint longer than 64 bits");
  EXPECT_EQ(Fault(R"("int")", Bytes({0x80, 0x80, 0x80, 0x80, 0x10})).message,
            "at byte 0: int 2147483648 out of range");
  EXPECT_EQ(Fault(R"("long")", Bytes({0x80})).message, "at byte 0: data ends inside a varint");
}

TEST(AvroBinaryReader, AcceptsBlocksWithByteSizesAndChecksThem) {
  const avro::Schema schema = MustParse(R"({"type": "array", "items": "int"})");
  // Count -2 (two items, then the block's size: 2 bytes), items 1 and 2, end.
  EXPECT_EQ(*AvroBinaryToJson(schema, Bytes({0x03, 0x04, 0x02, 0x04, 0x00})), "[1,2]");
  // Two blocks of one item each.
  EXPECT_EQ(*AvroBinaryToJson(schema, Bytes({0x02, 0x02, 0x02, 0x04, 0x00})), "[1,2]");
  EXPECT_EQ(Fault(R"({"type": "array", "items": "int"})", Bytes({0x03, 0x08, 0x02, 0x04, 0x00}))
                .message,
            "at byte 1: block size 4 does not fit in the 3 bytes left");
  EXPECT_EQ(Fault(R"({"type": "array", "items": "int"})",
                  Bytes({0x03, 0x02, 0x02, 0x04, 0x00, 0x00}))
                .message,
            "at byte 0: block's items take 2 bytes, not the 1 it gives");
}

TEST(AvroBinaryReader, RefusesBlockCountsLargerThanTheDataCanHold) {
  // 2^40 ints cannot fit in 1 byte; 2^40 nulls take no bytes but are refused all the same.
  EXPECT_THAT(Fault(R"({"type": "array", "items": "int"})",
                    Bytes({0x80, 0x80, 0x80, 0x80, 0x80, 0x40, 0x02}))
                  .message,
              HasSubstr("items does not fit in the 1 bytes left"));
  EXPECT_THAT(Fault(R"({"type": "array", "items": "null"})",
                    Bytes({0x80, 0x80, 0x80, 0x80, 0x80, 0x40, 0x00}))
                  .message,
              HasSubstr("items that take no bytes"));
}

// R<i> {a: R<i-1>, b: R<i-1>} down to R0 {v: null}: a value of R40 is 2^40 nulls in no bytes.
avro::Schema DagOfNulls(int k) {
  return MustParse(test_support::DagSchema(k, R"("null", "default": null)",
                                           test_support::DagTop::kWithout));
}

TEST(AvroBinaryReader, DecidesWhetherItemsTakeNoBytesOncePerType) {
  // `defs` null, `list` empty: deciding, use by use, whether R40 takes no bytes took 2^40 steps.
  const avro::Schema schema = DagOfNulls(40);
  EXPECT_TRUE(ValidateAvroBinary(schema, Bytes({0x00, 0x00})).ok());
  EXPECT_EQ(*AvroBinaryToJson(schema, Bytes({0x00, 0x00})), R"({"defs":null,"list":[]})");
}

TEST(AvroBinaryReader, RefusesADatumOfMoreValuesThanItsBytesCanHold) {
  // One item of R40: 2^40 nulls in three bytes. 2^17 values plus 64 a byte are allowed.
  Violation fault;
  const absl::Status status =
      ValidateAvroBinary(DagOfNulls(40), Bytes({0x00, 0x02, 0x00}), {}, &fault);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(fault.path, ::testing::StartsWith("$.list[0].a.a."));
  EXPECT_EQ(fault.message, "at byte 2: more than 131264 values in a datum of 3 bytes");
  EXPECT_FALSE(AvroBinaryToJson(DagOfNulls(40), Bytes({0x00, 0x02, 0x00})).ok());
}

TEST(AvroBinaryReader, AcceptsAsManyItemsThatTakeNoBytesAsTheBoundAllows) {
  // 2^16 nulls: a block count of 2^16 (zig-zag 2^17: 80 80 08), then the end; one more is too
  // many.
  const avro::Schema schema = MustParse(R"({"type": "array", "items": "null"})");
  EXPECT_TRUE(ValidateAvroBinary(schema, Bytes({0x80, 0x80, 0x08, 0x00})).ok());
  EXPECT_THAT(Fault(R"({"type": "array", "items": "null"})", Bytes({0x82, 0x80, 0x08, 0x00}))
                  .message,
              HasSubstr("more than 65536 items that take no bytes"));
}

TEST(AvroBinaryReader, PathsGoThroughArraysMapsAndRecords) {
  const avro::Schema schema = MustParse(R"({"type": "record", "name": "R", "fields": [
      {"name": "list", "type": {"type": "array", "items":
         {"type": "map", "values": {"type": "record", "name": "Leaf",
            "fields": [{"name": "flag", "type": "boolean"}]}}}}]})");
  // list: one item, a map of one key "k" whose Leaf's flag is 7.
  Violation fault;
  EXPECT_FALSE(ValidateAvroBinary(schema, Bytes({0x02, 0x02, 0x02, 'k', 0x07, 0x00, 0x00}), {},
                                  &fault)
                   .ok());
  EXPECT_EQ(fault.path, R"($.list[0]["k"].flag)");
  EXPECT_EQ(fault.message, "at byte 4: boolean byte 0x07 is neither 0 nor 1");
}

TEST(AvroBinaryReader, RefusesDataNestedDeeperThanTheLimit) {
  const avro::Schema schema = MustParse(R"({"type": "record", "name": "Node", "fields": [
      {"name": "next", "type": ["null", "Node"]}]})");
  const std::string deep = std::string(200, '\x02') + '\x00';
  EXPECT_TRUE(ValidateAvroBinary(schema, deep).ok());
  const absl::Status status = ValidateAvroBinary(schema, deep, {.max_depth = 100});
  EXPECT_THAT(status.message(), HasSubstr("nested deeper than 100 levels"));
}

TEST(AvroBinaryReader, RefusesGarbage) {
  const avro::Schema schema = MustParse(kEveryTypeSchema);
  for (std::string_view garbage : {"", "\xff", "hello world", "\x01\x02\x03\x04\x05\x06\x07"}) {
    EXPECT_EQ(ValidateAvroBinary(schema, garbage).code(), absl::StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace causeway::codec
