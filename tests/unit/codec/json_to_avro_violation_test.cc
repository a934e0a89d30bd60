// JsonToAvroEncoder's refusals: every violation, with its path, all of them at once.
#include <string>
#include <string_view>
#include <vector>

#include "common/codec/json_to_avro.h"
#include "codec_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "support/dag_schema.h"

namespace causeway::codec {
namespace {

using test_util::kPersonSchema;
using test_util::MustEncode;
using test_util::MustParse;
using test_util::MustRefuse;
using test_util::Paths;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

using PathList = std::vector<std::string>;

// The one violation of a payload the encoder must refuse, as "path: message".
std::string OnlyViolation(std::string_view schema_json, std::string_view json) {
  const Violations violations = MustRefuse(MustParse(schema_json), json);
  EXPECT_EQ(violations.size(), 1u) << json;
  return violations.empty() ? "" : violations.front().ToString();
}

constexpr std::string_view kAddress = R"({
  "type": "record", "name": "Address", "namespace": "mfp",
  "fields": [
    {"name": "first_name", "type": "string"},
    {"name": "country", "type": ["null", "string"]},
    {"name": "items", "type": {"type": "array", "items": {"type": "record", "name": "Item",
      "fields": [{"name": "name", "type": "string"}]}}, "default": []},
    {"name": "tags", "type": {"type": "map", "values": "int"}, "default": {}}
  ]})";

TEST(JsonToAvroViolation, WrongTypeInNullableFieldNamesBothBranches) {
  EXPECT_EQ(OnlyViolation(kAddress, R"({"first_name": "a", "country": 12})"),
            "$.country: expected string or null, got 12");
}

TEST(JsonToAvroViolation, MissingRequiredField) {
  EXPECT_EQ(OnlyViolation(kAddress, R"({"country": "NL"})"),
            "$.first_name: required field missing");
}

TEST(JsonToAvroViolation, UnknownField) {
  EXPECT_EQ(OnlyViolation(kAddress, R"({"first_name": "a", "extra": 1})"),
            "$.extra: unknown field");
}

TEST(JsonToAvroViolation, UnknownFieldWithAnOddNameIsBracketed) {
  EXPECT_EQ(OnlyViolation(kAddress, R"({"first_name": "a", "two words": 1})"),
            R"($["two words"]: unknown field)");
}

TEST(JsonToAvroViolation, PathsGoThroughArrayItemsAndMapKeys) {
  const Violations violations = MustRefuse(
      MustParse(kAddress),
      R"({"first_name": "a", "items": [{"name": "x"}, {"name": "y"}, {"name": "z"}, {"name": 1}],
          "tags": {"k": "v", "ok": 1}})");
  EXPECT_THAT(Paths(violations), ElementsAre("$.items[3].name", R"($.tags["k"])"));
}

TEST(JsonToAvroViolation, ListsEveryViolationInSchemaOrder) {
  const Violations violations = MustRefuse(
      MustParse(kAddress), R"({"extra": true, "country": 12, "items": [{}], "tags": []})");
  EXPECT_THAT(Paths(violations), ElementsAre("$.extra", "$.first_name", "$.country",
                                             "$.items[0].name", "$.tags"));
  EXPECT_EQ(violations[0].message, "unknown field");
  EXPECT_EQ(violations[1].message, "required field missing");
}

TEST(JsonToAvroViolation, StatusIsInvalidArgumentListingEveryViolationByLine) {
  JsonToAvroEncoder encoder;
  absl::StatusOr<std::string> result =
      encoder.Encode(MustParse(kPersonSchema), R"({"first_name": 1, "age": "x"})");
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status().message(),
            "$.first_name: expected string, got 1\n"
            "$.last_name: required field missing\n"
            "$.age: expected int or null, got \"x\"");
}

TEST(JsonToAvroViolation, RepeatedFieldOrMapKey) {
  EXPECT_EQ(OnlyViolation(kAddress, R"({"first_name": "a", "first_name": "b"})"),
            "$.first_name: duplicate field");
  EXPECT_EQ(OnlyViolation(kAddress, R"({"first_name": "a", "tags": {"k": 1, "k": 2}})"),
            R"($.tags["k"]: duplicate key)");
}

TEST(JsonToAvroViolation, RepeatedKeyInALargeMap) {
  std::string json = R"({"first_name": "a", "tags": {)";
  for (int i = 0; i < 20; ++i) json += "\"k" + std::to_string(i) + "\": 1, ";
  json += R"("k3": 2}})";
  EXPECT_THAT(Paths(MustRefuse(MustParse(kAddress), json)), ElementsAre(R"($.tags["k3"])"));
}

TEST(JsonToAvroViolation, IntegerOutOfRange) {
  EXPECT_EQ(OnlyViolation(R"("int")", "2147483648"),
            "$: expected int, got 2147483648 (out of range)");
  EXPECT_EQ(OnlyViolation(R"("int")", "-2147483649"),
            "$: expected int, got -2147483649 (out of range)");
  EXPECT_EQ(OnlyViolation(R"("long")", "9223372036854775808"),
            "$: expected long, got 9223372036854775808 (out of range)");
  // Inside a nullable union the int branch, the only one taking numbers, says why.
  EXPECT_EQ(OnlyViolation(kPersonSchema,
                          R"({"first_name": "a", "last_name": "b", "age": 3000000000})"),
            "$.age: expected int, got 3000000000 (out of range)");
}

TEST(JsonToAvroViolation, FractionForAnInteger) {
  EXPECT_EQ(OnlyViolation(R"("int")", "1.5"), "$: expected int, got 1.5");
  EXPECT_EQ(OnlyViolation(R"("long")", "1.0"), "$: expected long, got 1.0");
}

TEST(JsonToAvroViolation, FloatOutOfRange) {
  EXPECT_EQ(OnlyViolation(R"("float")", "1e300"), "$: expected float, got 1e+300 (out of range)");
}

TEST(JsonToAvroViolation, WrongJsonTypeForEachPrimitive) {
  EXPECT_EQ(OnlyViolation(R"("null")", "0"), "$: expected null, got 0");
  EXPECT_EQ(OnlyViolation(R"("boolean")", R"("true")"), R"($: expected boolean, got "true")");
  EXPECT_EQ(OnlyViolation(R"("int")", R"("12")"), R"($: expected int, got "12")");
  EXPECT_EQ(OnlyViolation(R"("double")", R"("1.5")"), R"($: expected double, got "1.5")");
  EXPECT_EQ(OnlyViolation(R"("string")", "null"), "$: expected string, got null");
  EXPECT_EQ(OnlyViolation(R"("bytes")", "[1]"),
            "$: expected bytes (a string of code points 0-255), got [1]");
  EXPECT_EQ(OnlyViolation(R"({"type": "array", "items": "int"})", "{}"),
            "$: expected array, got {}");
  EXPECT_EQ(OnlyViolation(R"({"type": "map", "values": "int"})", "[]"),
            "$: expected map (a JSON object), got []");
  EXPECT_EQ(OnlyViolation(kPersonSchema, "[]"),
            R"($: expected record "mfp.Person" (a JSON object), got [])");
}

TEST(JsonToAvroViolation, BytesWithACodePointAbove255) {
  EXPECT_EQ(OnlyViolation(R"("bytes")", R"("€")"),
            R"($: expected bytes (a string of code points 0-255), got "€")");
}

TEST(JsonToAvroViolation, FixedOfTheWrongLength) {
  EXPECT_EQ(OnlyViolation(R"({"type": "fixed", "name": "acme.Md5", "size": 16})", R"("abc")"),
            R"($: expected fixed "acme.Md5" (a string of 16 code points 0-255), got "abc")");
}

TEST(JsonToAvroViolation, UnknownEnumSymbolWithoutDefault) {
  EXPECT_EQ(OnlyViolation(R"({"type": "enum", "name": "Color", "symbols": ["RED", "GREEN"]})",
                          R"("PINK")"),
            R"($: expected a symbol of enum "Color" (RED, GREEN), got "PINK")");
}

TEST(JsonToAvroViolation, LogicalTypeTextThatDoesNotParse) {
  EXPECT_EQ(PathList{"$"}, Paths(MustRefuse(MustParse(R"({"type": "int", "logicalType": "date"})"),
                                            R"("2026-02-30")")));
  const std::string message = OnlyViolation(
      R"({"type": "long", "logicalType": "timestamp-millis"})", R"("2026-11-25T02:10:00")");
  EXPECT_THAT(message, HasSubstr("timestamp-millis"));
  EXPECT_THAT(message, HasSubstr("got \"2026-11-25T02:10:00\""));
  // A local timestamp has no offset.
  MustRefuse(MustParse(R"({"type": "long", "logicalType": "local-timestamp-millis"})"),
             R"("2026-11-25T02:10:00Z")");
  // Milliseconds cannot hold microseconds.
  MustRefuse(MustParse(R"({"type": "long", "logicalType": "timestamp-millis"})"),
             R"("2026-11-25T02:10:00.0001Z")");
  MustRefuse(MustParse(R"({"type": "int", "logicalType": "time-millis"})"), R"("24:00:00")");
}

TEST(JsonToAvroViolation, DecimalWithTooManyPlacesOrDigits) {
  constexpr std::string_view kDecimal =
      R"({"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": 2})";
  EXPECT_EQ(OnlyViolation(kDecimal, R"("12.345")"),
            R"($: expected decimal(4,2) (a string such as "12.34", or a number), got "12.345" )"
            R"((more than 2 digits after the point))");
  EXPECT_EQ(OnlyViolation(kDecimal, R"("123.4")"),
            R"($: expected decimal(4,2) (a string such as "12.34", or a number), got "123.4" )"
            R"((more than 4 digits))");
  EXPECT_THAT(OnlyViolation(kDecimal, R"("twelve")"), HasSubstr("(not a decimal number)"));
}

TEST(JsonToAvroViolation, ValueFittingNoUnionBranch) {
  EXPECT_EQ(OnlyViolation(R"(["null", "int", "string"])", "true"),
            "$: expected int, string or null, got true");
  EXPECT_EQ(OnlyViolation(R"(["null", "string"])", "{}"), "$: expected string or null, got {}");
}

TEST(JsonToAvroViolation, AnnotatedValueOfTheWrongTypeIsReportedInsideTheAnnotation) {
  EXPECT_EQ(OnlyViolation(R"(["null", "int"])", R"({"int": "x"})"),
            R"($.int: expected int, got "x")");
  EXPECT_EQ(OnlyViolation(R"(["null", {"type": "record", "name": "a.B", "fields": []}])",
                          R"({"a.B": 1})"),
            R"($["a.B"]: expected record "a.B" (a JSON object), got 1)");
}

TEST(JsonToAvroViolation, ObjectFittingNoRecordBranchReportsTheClosestRecord) {
  constexpr std::string_view kPets = R"(["null",
      {"type": "record", "name": "Cat", "fields": [{"name": "name", "type": "string"}]},
      {"type": "record", "name": "Dog", "fields": [
        {"name": "name", "type": "string"}, {"name": "good", "type": "boolean"}]}])";
  const Violations violations =
      MustRefuse(MustParse(kPets), R"({"name": "Rex", "good": "very"})");
  EXPECT_THAT(Paths(violations), ElementsAre("$.good"));
  EXPECT_EQ(violations[0].message, R"(expected boolean, got "very")");
}

TEST(JsonToAvroViolation, NestingDeeperThanTheLimit) {
  std::string json = std::string(65, '[') + "1" + std::string(65, ']');
  EXPECT_EQ(OnlyViolation(R"({"type": "array", "items": "int"})", json),
            "$: nested deeper than 64 levels of arrays and objects");
}

TEST(JsonToAvroViolation, JsonNestedAHundredThousandLevelsIsRefusedUnwalked) {
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  EXPECT_EQ(OnlyViolation(R"({"type": "array", "items": "int"})", deep),
            "$: nested deeper than 64 levels of arrays and objects");
  EXPECT_THAT(OnlyViolation(R"({"type": "array", "items": "int"})", std::string(100'000, '[')),
              HasSubstr("$: invalid JSON: "));
}

TEST(JsonToAvroViolation, InvalidJson) {
  EXPECT_THAT(OnlyViolation(kPersonSchema, R"({"first_name": )"), HasSubstr("$: invalid JSON: "));
  EXPECT_THAT(OnlyViolation(kPersonSchema, ""), HasSubstr("$: invalid JSON: "));
  EXPECT_THAT(OnlyViolation(R"("long")", "123456789012345678901234567890"),
              HasSubstr("$: invalid JSON: "));
}

TEST(JsonToAvroViolation, PayloadLargerThanTheLimit) {
  JsonToAvroEncoder encoder({.max_json_bytes = 8});
  std::string out;
  Violations violations;
  EXPECT_EQ(encoder.Encode(MustParse(R"("string")"), R"("0123456789")", out, violations).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Paths(violations), ElementsAre("$"));
}

TEST(JsonToAvroViolation, StopsListingPastTheLimit) {
  std::string json = "[";
  for (int i = 0; i < 150; ++i) json += i == 0 ? "\"x\"" : ", \"x\"";
  json += "]";
  const Violations violations = MustRefuse(MustParse(R"({"type": "array", "items": "int"})"), json);
  ASSERT_EQ(violations.size(), 101u);
  EXPECT_EQ(violations[99].path, "$[99]");
  EXPECT_EQ(violations[100].ToString(), "$: more than 100 violations; stopped listing");
}

TEST(JsonToAvroViolation, GivesUpOnHopelesslyAmbiguousNestedUnions) {
  // Two record branches, each of whose `next` is again either (B is defined inside A so that A
  // can refer to it); a chain that fits neither at the bottom makes trying both branches at
  // every level take 2^depth steps.
  const avro::Schema schema = MustParse(R"({"type": "record", "name": "Outer", "fields": [
      {"name": "v", "type": ["null",
        {"type": "record", "name": "A", "fields": [
          {"name": "b", "type": ["null", {"type": "record", "name": "B", "fields": [
            {"name": "next", "type": ["null", "A", "B"]}, {"name": "y", "type": "int"}]}],
           "default": null},
          {"name": "next", "type": ["null", "A", "B"]}, {"name": "x", "type": "int"}]},
        "B"]}]})");
  std::string json = R"({"v": )";
  for (int i = 0; i < 40; ++i) json += R"({"next": )";
  json += "null";
  for (int i = 0; i < 40; ++i) json += R"(, "c": 1})";
  json += "}";
  const Violations violations = MustRefuse(schema, json);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].path, "$.v");
  EXPECT_THAT(violations[0].message, HasSubstr("too ambiguous"));
}

TEST(JsonToAvroViolation, RecordWhoseDefaultContainsItself) {
  // The parser accepts it (the default {} omits `inner`, which has a default), but writing it
  // would never end.
  const avro::Schema schema = MustParse(R"({"type": "record", "name": "R", "fields": [
      {"name": "inner", "type": "R", "default": {}}]})");
  EXPECT_THAT(Paths(MustRefuse(schema, "{}")), ElementsAre("$.inner"));
}

TEST(JsonToAvroViolation, DefaultsThatExpandPastTheBoundAreRefused) {
  // `top` defaults to {}: R40, whose fields default to {} down to R0 {v: int = 0}, expands to
  // 2^40 ints. The bound is 2^16 units plus 16 a byte of payload; `list`'s default [] no longer
  // fits either.
  const Violations violations = MustRefuse(MustParse(test_support::DagSchema(40)), "{}");
  ASSERT_THAT(Paths(violations), ElementsAre("$.top", "$.list"));
  EXPECT_EQ(violations[0].message,
            "the field's default cannot be written: the defaults this payload takes expand past "
            "the bound of 65568 values and bytes");
}

TEST(JsonToAvroViolation, ManySmallDefaultsAddUpToTheBound) {
  // Each {} item of R8 takes defaults of 766 values; 50 of them fit, 200 do not: the 101st
  // runs out.
  const avro::Schema schema = MustParse(test_support::DagSchema(8));
  auto items = [](int n) {
    std::string json = R"({"list": [{})";
    for (int i = 1; i < n; ++i) json += ", {}";
    return json + "]}";
  };
  MustEncode(schema, items(50));
  const Violations violations = MustRefuse(schema, items(200));
  ASSERT_FALSE(violations.empty());
  EXPECT_THAT(violations[0].path, ::testing::MatchesRegex(R"(\$\.list\[10[0-9]\]\.a)"));
  EXPECT_THAT(violations[0].message, HasSubstr("expand past the bound"));
}

TEST(JsonToAvroViolation, DefaultsWithinTheBoundAreWritten) {
  // defs: union index 0; top: R10 as 2^10 ints of 0; list: empty.
  const std::string datum = MustEncode(MustParse(test_support::DagSchema(10)), "{}");
  EXPECT_EQ(datum, std::string(1 + 1024 + 1, '\0'));
}

}  // namespace
}  // namespace causeway::codec
