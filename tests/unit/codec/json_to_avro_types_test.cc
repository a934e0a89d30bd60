// JsonToAvroEncoder: every Avro type and logical type, from its JSON form to exact bytes.
#include <string>
#include <string_view>

#include "common/codec/json_to_avro.h"
#include "codec_test_util.h"
#include "gtest/gtest.h"

namespace causeway::codec {
namespace {

using test_util::Hex;
using test_util::MustEncode;
using test_util::MustParse;
using test_util::MustRefuse;

// The hex bytes of `json` as a datum of the schema written `schema_json`.
std::string Encoded(std::string_view schema_json, std::string_view json) {
  return Hex(MustEncode(MustParse(schema_json), json));
}

TEST(JsonToAvroTypes, EncodesNullAsNothing) { EXPECT_EQ(Encoded(R"("null")", "null"), ""); }

TEST(JsonToAvroTypes, EncodesBooleansAsOneByte) {
  EXPECT_EQ(Encoded(R"("boolean")", "true"), "01");
  EXPECT_EQ(Encoded(R"("boolean")", "false"), "00");
}

TEST(JsonToAvroTypes, EncodesIntsAndLongsAsZigZagVarints) {
  EXPECT_EQ(Encoded(R"("int")", "-1"), "01");
  EXPECT_EQ(Encoded(R"("int")", "64"), "80 01");
  EXPECT_EQ(Encoded(R"("int")", "2147483647"), "fe ff ff ff 0f");
  EXPECT_EQ(Encoded(R"("int")", "-2147483648"), "ff ff ff ff 0f");
  EXPECT_EQ(Encoded(R"("long")", "9223372036854775807"), "fe ff ff ff ff ff ff ff ff 01");
  EXPECT_EQ(Encoded(R"("long")", "-9223372036854775808"), "ff ff ff ff ff ff ff ff ff 01");
}

TEST(JsonToAvroTypes, EncodesFloatsAndDoublesFromAnyJsonNumber) {
  EXPECT_EQ(Encoded(R"("float")", "1.5"), "00 00 c0 3f");
  EXPECT_EQ(Encoded(R"("float")", "2"), "00 00 00 40");
  EXPECT_EQ(Encoded(R"("double")", "1.5"), "00 00 00 00 00 00 f8 3f");
  EXPECT_EQ(Encoded(R"("double")", "-2"), "00 00 00 00 00 00 00 c0");
  EXPECT_EQ(Encoded(R"("double")", "18446744073709551615"), "00 00 00 00 00 00 f0 43");
}

TEST(JsonToAvroTypes, EncodesNaNAndInfinitiesFromTheirStrings) {
  EXPECT_EQ(Encoded(R"("double")", R"("NaN")"), "00 00 00 00 00 00 f8 7f");
  EXPECT_EQ(Encoded(R"("double")", R"("Infinity")"), "00 00 00 00 00 00 f0 7f");
  EXPECT_EQ(Encoded(R"("double")", R"("-Infinity")"), "00 00 00 00 00 00 f0 ff");
  EXPECT_EQ(Encoded(R"("float")", R"("NaN")"), "00 00 c0 7f");
  EXPECT_EQ(Encoded(R"("float")", R"("-Infinity")"), "00 00 80 ff");
}

TEST(JsonToAvroTypes, EncodesStringsAsLengthAndUtf8) {
  EXPECT_EQ(Encoded(R"("string")", R"("paul")"), "08 70 61 75 6c");
  EXPECT_EQ(Encoded(R"("string")", R"("é\n")"), "06 c3 a9 0a");
  EXPECT_EQ(Encoded(R"("string")", R"("")"), "00");
}

TEST(JsonToAvroTypes, EncodesBytesFromStringsOfCodePointsUpTo255) {
  EXPECT_EQ(Encoded(R"("bytes")", R"("\u0000\u00ffA")"), "06 00 ff 41");
  EXPECT_EQ(Encoded(R"("bytes")", R"("")"), "00");
}

TEST(JsonToAvroTypes, EncodesFixedAsExactlyItsBytes) {
  EXPECT_EQ(Encoded(R"({"type": "fixed", "name": "Two", "size": 2})", R"("\u00ffa")"), "ff 61");
}

TEST(JsonToAvroTypes, EncodesEnumsAsTheSymbolsPosition) {
  EXPECT_EQ(Encoded(R"({"type": "enum", "name": "Suit", "symbols": ["SPADES", "HEARTS"]})",
                    R"("HEARTS")"),
            "02");
}

TEST(JsonToAvroTypes, EncodesArraysAsOneBlockAndAnEmptyOne) {
  EXPECT_EQ(Encoded(R"({"type": "array", "items": "long"})", "[3, 27]"), "04 06 36 00");
  EXPECT_EQ(Encoded(R"({"type": "array", "items": "long"})", "[]"), "00");
}

TEST(JsonToAvroTypes, EncodesMapsAsKeyValueBlocksInDocumentOrder) {
  EXPECT_EQ(Encoded(R"({"type": "map", "values": "int"})", R"({"b": 1, "a": 2})"),
            "04 02 62 02 02 61 04 00");
  EXPECT_EQ(Encoded(R"({"type": "map", "values": "int"})", "{}"), "00");
}

TEST(JsonToAvroTypes, EncodesRecordFieldsInSchemaOrderWhateverTheJsonOrder) {
  constexpr std::string_view kPoint = R"({"type": "record", "name": "Point",
      "fields": [{"name": "x", "type": "int"}, {"name": "y", "type": "int"}]})";
  EXPECT_EQ(Encoded(kPoint, R"({"x": 1, "y": 2})"), "02 04");
  EXPECT_EQ(Encoded(kPoint, R"({"y": 2, "x": 1})"), "02 04");
}

TEST(JsonToAvroTypes, EncodesUnionsAsBranchIndexThenValue) {
  EXPECT_EQ(Encoded(R"(["null", "int"])", "null"), "00");
  EXPECT_EQ(Encoded(R"(["null", "int"])", R"({"int": 5})"), "02 0a");
}

TEST(JsonToAvroTypes, EncodesNestedRecordsArraysAndMaps) {
  constexpr std::string_view kOrder = R"({"type": "record", "name": "Order", "fields": [
      {"name": "lines", "type": {"type": "array", "items": {"type": "record", "name": "Line",
        "fields": [{"name": "sku", "type": "string"}, {"name": "qty", "type": "int"}]}}},
      {"name": "tags", "type": {"type": "map", "values": {"type": "array", "items": "int"}}}]})";
  EXPECT_EQ(Encoded(kOrder, R"({"lines": [{"sku": "a", "qty": 1}], "tags": {"t": [7]}})"),
            "02 02 61 02 00 02 02 74 02 0e 00 00");
}

TEST(JsonToAvroTypes, EncodesDatesFromIsoTextOrDays) {
  constexpr std::string_view kDate = R"({"type": "int", "logicalType": "date"})";
  EXPECT_EQ(Encoded(kDate, R"("1970-01-02")"), "02");
  EXPECT_EQ(Encoded(kDate, R"("1969-12-31")"), "01");
  EXPECT_EQ(Encoded(kDate, R"("2026-11-25")"), Encoded(kDate, "20782"));
}

TEST(JsonToAvroTypes, EncodesTimesOfDayFromClockTextOrUnits) {
  constexpr std::string_view kMillis = R"({"type": "int", "logicalType": "time-millis"})";
  constexpr std::string_view kMicros = R"({"type": "long", "logicalType": "time-micros"})";
  EXPECT_EQ(Encoded(kMillis, R"("02:10:00.5")"), Encoded(kMillis, "7800500"));
  EXPECT_EQ(Encoded(kMillis, R"("00:00:00")"), "00");
  EXPECT_EQ(Encoded(kMicros, R"("00:00:01.000002")"), Encoded(kMicros, "1000002"));
}

TEST(JsonToAvroTypes, EncodesTimestampsFromIsoTextWithOffsetsOrUnits) {
  constexpr std::string_view kMillis = R"({"type": "long", "logicalType": "timestamp-millis"})";
  constexpr std::string_view kMicros = R"({"type": "long", "logicalType": "timestamp-micros"})";
  const std::string expected = Encoded(kMillis, "1795572600000");
  EXPECT_EQ(Encoded(kMillis, R"("2026-11-25T02:10:00Z")"), expected);
  EXPECT_EQ(Encoded(kMillis, R"("2026-11-25T03:10:00+01:00")"), expected);
  EXPECT_EQ(Encoded(kMillis, R"("2026-11-24T21:10:00-0500")"), expected);
  EXPECT_EQ(Encoded(kMillis, R"("2026-11-25T02:10:00.250Z")"), Encoded(kMillis, "1795572600250"));
  EXPECT_EQ(Encoded(kMicros, R"("1970-01-01T00:00:00.000001Z")"), "02");
  EXPECT_EQ(Encoded(kMicros, R"("1969-12-31T23:59:59.999999Z")"), "01");
}

TEST(JsonToAvroTypes, EncodesLocalTimestampsFromIsoTextWithoutOffset) {
  constexpr std::string_view kLocal =
      R"({"type": "long", "logicalType": "local-timestamp-millis"})";
  constexpr std::string_view kLocalMicros =
      R"({"type": "long", "logicalType": "local-timestamp-micros"})";
  EXPECT_EQ(Encoded(kLocal, R"("2026-11-25T02:10:00")"), Encoded(kLocal, "1795572600000"));
  EXPECT_EQ(Encoded(kLocalMicros, R"("1970-01-01 00:00:00.000003")"), "06");
}

TEST(JsonToAvroTypes, EncodesUuidsValidatedAndLowerCased) {
  constexpr std::string_view kUuid = R"({"type": "string", "logicalType": "uuid"})";
  EXPECT_EQ(Encoded(kUuid, R"("123E4567-E89B-12D3-A456-426614174000")"),
            Encoded(R"("string")", R"("123e4567-e89b-12d3-a456-426614174000")"));
  EXPECT_EQ(test_util::Paths(MustRefuse(MustParse(kUuid), R"("123e4567")")),
            std::vector<std::string>{"$"});
}

TEST(JsonToAvroTypes, EncodesDecimalsAsTwosComplementUnscaledBytes) {
  constexpr std::string_view kBytes =
      R"({"type": "bytes", "logicalType": "decimal", "precision": 9, "scale": 2})";
  constexpr std::string_view kFixed = R"({"type": "fixed", "name": "Money", "size": 4,
      "logicalType": "decimal", "precision": 9, "scale": 2})";
  // 12.34 is 1234 = 0x04d2 unscaled; -1.00 is -100 = 0x9c.
  EXPECT_EQ(Encoded(kBytes, R"("12.34")"), "04 04 d2");
  EXPECT_EQ(Encoded(kBytes, "12.34"), "04 04 d2");
  EXPECT_EQ(Encoded(kBytes, R"("12.3")"), Encoded(kBytes, R"("12.30")"));
  EXPECT_EQ(Encoded(kBytes, R"("-1")"), "02 9c");
  EXPECT_EQ(Encoded(kBytes, "0"), "02 00");
  EXPECT_EQ(Encoded(kFixed, R"("12.34")"), "00 00 04 d2");
  EXPECT_EQ(Encoded(kFixed, R"("-0.01")"), "ff ff ff ff");
}

TEST(JsonToAvroTypes, EncodesDurationAsItsTwelveBytes) {
  constexpr std::string_view kDuration =
      R"({"type": "fixed", "name": "D", "size": 12, "logicalType": "duration"})";
  // 1 month, 2 days, 3 milliseconds, each a little-endian unsigned int.
  EXPECT_EQ(Encoded(kDuration, R"("\u0001\u0000\u0000\u0000\u0002\u0000\u0000\u0000)"
                               R"(\u0003\u0000\u0000\u0000")"),
            "01 00 00 00 02 00 00 00 03 00 00 00");
}

TEST(JsonToAvroTypes, AppendsToWhatTheCallerAlreadyWrote) {
  JsonToAvroEncoder encoder;
  std::string message = "hdr";
  Violations violations;
  ASSERT_TRUE(encoder.Encode(MustParse(R"("int")"), "1", message, violations).ok());
  EXPECT_EQ(message, "hdr\x02");
}

TEST(JsonToAvroTypes, ReusesOneEncoderAcrossSchemasAndPayloads) {
  JsonToAvroEncoder encoder;
  const avro::Schema ints = MustParse(R"("int")");
  const avro::Schema strings = MustParse(R"("string")");
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(Hex(*encoder.Encode(ints, "1")), "02");
    EXPECT_FALSE(encoder.Encode(ints, "\"x\"").ok());
    EXPECT_EQ(Hex(*encoder.Encode(strings, R"("a")")), "02 61");
  }
}

}  // namespace
}  // namespace causeway::codec
