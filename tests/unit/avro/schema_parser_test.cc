// The schema parser: what it keeps from valid schemas, and where it says an invalid one is wrong.
#include "common/avro/schema_parser.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "avro_test_util.h"
#include "gtest/gtest.h"

namespace causeway::avro {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

using test_util::MustParse;

// The paths of every fault, in the order reported.
std::vector<std::string> ErrorPaths(std::string_view json) {
  std::vector<std::string> paths;
  for (const SchemaError& e : ParseSchemaCollectingErrors(json).errors) paths.push_back(e.path);
  return paths;
}

// ---------------------------------------------------------------------------------------------
// Valid schemas.

TEST(SchemaParser, PrimitiveNamesAndObjectsAreTheSameType) {
  for (std::string_view name :
       {"null", "boolean", "int", "long", "float", "double", "bytes", "string"}) {
    Schema bare = MustParse("\"" + std::string(name) + "\"");
    Schema object = MustParse(R"({"type": ")" + std::string(name) + "\"}");
    EXPECT_EQ(KindName(bare.root().kind()), name);
    EXPECT_EQ(object.root().kind(), bare.root().kind());
    EXPECT_TRUE(IsPrimitive(bare.root().kind()));
  }
}

TEST(SchemaParser, RecordKeepsFieldsInOrderWithDocDefaultsOrderAndAliases) {
  Schema s = MustParse(R"({
    "type": "record", "name": "FoodEntryCreated", "namespace": "mfp.food",
    "doc": "A diary entry.", "aliases": ["OldEntry", "legacy.Entry"],
    "fields": [
      {"name": "id", "type": "string", "doc": "Entry id"},
      {"name": "calories", "type": "int", "default": 0, "order": "descending"},
      {"name": "tags", "type": {"type": "array", "items": "string"}, "default": ["a"],
       "aliases": ["labels"], "order": "ignore"}
    ]})");
  const Node& r = s.root();
  ASSERT_EQ(r.kind(), Kind::kRecord);
  EXPECT_EQ(r.name(), "FoodEntryCreated");
  EXPECT_EQ(r.name_space(), "mfp.food");
  EXPECT_EQ(r.full_name(), "mfp.food.FoodEntryCreated");
  EXPECT_EQ(r.doc(), "A diary entry.");
  EXPECT_THAT(r.aliases(), ElementsAre("mfp.food.OldEntry", "legacy.Entry"));
  ASSERT_EQ(r.fields().size(), 3u);
  EXPECT_EQ(r.fields()[0].name, "id");
  EXPECT_EQ(r.fields()[0].doc, "Entry id");
  EXPECT_FALSE(r.fields()[0].default_value.has_value());
  EXPECT_EQ(r.fields()[1].default_value, JsonValue::Int(0));
  EXPECT_EQ(r.fields()[1].order, FieldOrder::kDescending);
  EXPECT_EQ(r.fields()[2].order, FieldOrder::kIgnore);
  EXPECT_EQ(r.fields()[2].default_value->ToJson(), R"(["a"])");
  EXPECT_THAT(r.fields()[2].aliases, ElementsAre("labels"));
  EXPECT_EQ(r.fields()[2].type().items().kind(), Kind::kString);
  EXPECT_EQ(r.FindField("calories"), &r.fields()[1]);
  EXPECT_EQ(r.FindField("labels"), nullptr);
  EXPECT_EQ(r.fields()[2].position, 2u);
}

TEST(SchemaParser, FullnamesFollowTheSpecificationsNamespaceRules) {
  Schema s = MustParse(test_util::kSpecNamespaceExample);
  const Node& r = s.root();
  EXPECT_EQ(r.full_name(), "Example");
  EXPECT_EQ(r.fields()[0].type().full_name(), "Simple");
  EXPECT_EQ(r.fields()[1].type().full_name(), "explicit.Simple");
  const Node& name = r.fields()[2].type();
  EXPECT_EQ(name.full_name(), "a.full.Name");
  EXPECT_EQ(name.name_space(), "a.full");
  EXPECT_EQ(name.name(), "Name");
  EXPECT_EQ(name.fields()[0].type().full_name(), "a.full.Understanding");
  EXPECT_NE(s.FindNamedType("explicit.Simple"), nullptr);
  EXPECT_EQ(s.named_types().size(), 5u);
}

TEST(SchemaParser, TypeAliasesAreQualifiedByTheTypesNamespace) {
  // The specification: a type named "a.b" with aliases "c" and "x.y" has aliases a.c and x.y.
  Schema s = MustParse(R"({"type": "fixed", "name": "a.b", "size": 1, "aliases": ["c", "x.y"]})");
  EXPECT_THAT(s.root().aliases(), ElementsAre("a.c", "x.y"));
}

TEST(SchemaParser, RecursiveReferenceResolvesToTheSameNode) {
  Schema s = MustParse(R"({
    "type": "record", "name": "LongList", "aliases": ["LinkedLongs"],
    "fields": [
      {"name": "value", "type": "long"},
      {"name": "next", "type": ["null", "LongList"]}
    ]})");
  const Node& next = s.root().fields()[1].type();
  ASSERT_EQ(next.kind(), Kind::kUnion);
  EXPECT_EQ(next.branches()[1], &s.root());
}

TEST(SchemaParser, ReferencesResolveInEnclosingThenNullNamespace) {
  Schema s = MustParse(R"({
    "type": "record", "name": "Outer", "namespace": "com.acme",
    "fields": [
      {"name": "a", "type": {"type": "record", "name": "Global", "namespace": "",
                             "fields": []}},
      {"name": "b", "type": {"type": "fixed", "name": "Hash", "size": 4}},
      {"name": "c", "type": "Hash"},
      {"name": "d", "type": "Global"},
      {"name": "e", "type": "com.acme.Hash"},
      {"name": "f", "type": {"type": "Hash"}}
    ]})");
  const Node& r = s.root();
  EXPECT_EQ(r.fields()[0].type().full_name(), "Global");
  EXPECT_EQ(&r.fields()[2].type(), &r.fields()[1].type());
  EXPECT_EQ(&r.fields()[3].type(), &r.fields()[0].type());
  EXPECT_EQ(&r.fields()[4].type(), &r.fields()[1].type());
  EXPECT_EQ(&r.fields()[5].type(), &r.fields()[1].type());
}

TEST(SchemaParser, EnumKeepsSymbolsAndDefault) {
  Schema s = MustParse(R"({"type": "enum", "name": "Suit", "doc": "cards",
    "symbols": ["SPADES", "HEARTS", "DIAMONDS", "CLUBS"], "default": "HEARTS"})");
  EXPECT_THAT(s.root().symbols(), ElementsAre("SPADES", "HEARTS", "DIAMONDS", "CLUBS"));
  EXPECT_EQ(s.root().enum_default(), "HEARTS");
  EXPECT_EQ(s.root().SymbolIndex("DIAMONDS"), 2u);
  EXPECT_EQ(s.root().SymbolIndex("JOKER"), std::nullopt);
}

TEST(SchemaParser, EmptyEnumAndEmptyUnionAreAllowed) {
  EXPECT_THAT(MustParse(R"({"type": "enum", "name": "E", "symbols": []})").root().symbols(),
              IsEmpty());
  EXPECT_THAT(MustParse("[]").root().branches(), IsEmpty());
}

TEST(SchemaParser, FixedSizeMayBeQuoted) {
  EXPECT_EQ(MustParse(R"({"type": "fixed", "name": "md5", "size": 16})").root().fixed_size(), 16);
  EXPECT_EQ(MustParse(R"({"type": "fixed", "name": "md5", "size": "016"})").root().fixed_size(),
            16);
}

TEST(SchemaParser, ErrorIsARecord) {
  Schema s = MustParse(R"({"type": "error", "name": "Oops", "fields": []})");
  EXPECT_EQ(s.root().kind(), Kind::kRecord);
  EXPECT_EQ(s.root().record_keyword(), RecordKeyword::kError);
}

TEST(SchemaParser, MapsAndArraysExposeTheirElements) {
  Schema s = MustParse(R"({"type": "map", "values": {"type": "array", "items": "bytes"}})");
  EXPECT_EQ(s.root().kind(), Kind::kMap);
  EXPECT_EQ(s.root().values().kind(), Kind::kArray);
  EXPECT_EQ(s.root().values().items().kind(), Kind::kBytes);
}

TEST(SchemaParser, UnionBranchesAreFoundByJsonEncodingName) {
  Schema s = MustParse(R"(["null", "string", {"type": "record", "name": "a.B", "fields": []},
                          {"type": "map", "values": "int"}])");
  EXPECT_EQ(s.root().FindBranch("null"), 0u);
  EXPECT_EQ(s.root().FindBranch("string"), 1u);
  EXPECT_EQ(s.root().FindBranch("a.B"), 2u);
  EXPECT_EQ(s.root().FindBranch("map"), 3u);
  EXPECT_EQ(s.root().FindBranch("int"), std::nullopt);
}

TEST(SchemaParser, CustomPropertiesAreKeptOnTypesAndFields) {
  Schema s = MustParse(R"({"type": "record", "name": "R", "owner": "team-a",
    "fields": [{"name": "f", "type": {"type": "string", "avro.java.string": "String"},
                "pii": true}]})");
  ASSERT_NE(s.root().FindProperty("owner"), nullptr);
  EXPECT_EQ(s.root().FindProperty("owner")->as_string(), "team-a");
  EXPECT_EQ(s.root().FindProperty("name"), nullptr);
  EXPECT_EQ(s.root().fields()[0].type().FindProperty("avro.java.string")->as_string(), "String");
  ASSERT_EQ(s.root().fields()[0].properties.size(), 1u);
  EXPECT_EQ(s.root().fields()[0].properties[0].first, "pii");
}

struct LogicalCase {
  const char* json;
  LogicalType expected;
};

class ValidLogicalTypes : public ::testing::TestWithParam<LogicalCase> {};

TEST_P(ValidLogicalTypes, AreRecognisedAndConsumed) {
  Schema s = MustParse(GetParam().json);
  EXPECT_EQ(s.root().logical_type(), GetParam().expected);
  EXPECT_EQ(s.root().FindProperty("logicalType"), nullptr);
}

INSTANTIATE_TEST_SUITE_P(
    SchemaParser, ValidLogicalTypes,
    ::testing::Values(
        LogicalCase{R"({"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": 2})",
                    LogicalType::kDecimal},
        LogicalCase{R"({"type": "fixed", "name": "d", "size": 8, "logicalType": "decimal",
                        "precision": 18})",
                    LogicalType::kDecimal},
        LogicalCase{R"({"type": "string", "logicalType": "uuid"})", LogicalType::kUuid},
        LogicalCase{R"({"type": "int", "logicalType": "date"})", LogicalType::kDate},
        LogicalCase{R"({"type": "int", "logicalType": "time-millis"})", LogicalType::kTimeMillis},
        LogicalCase{R"({"type": "long", "logicalType": "time-micros"})", LogicalType::kTimeMicros},
        LogicalCase{R"({"type": "long", "logicalType": "timestamp-millis"})",
                    LogicalType::kTimestampMillis},
        LogicalCase{R"({"type": "long", "logicalType": "timestamp-micros"})",
                    LogicalType::kTimestampMicros},
        LogicalCase{R"({"type": "long", "logicalType": "local-timestamp-millis"})",
                    LogicalType::kLocalTimestampMillis},
        LogicalCase{R"({"type": "long", "logicalType": "local-timestamp-micros"})",
                    LogicalType::kLocalTimestampMicros},
        LogicalCase{R"({"type": "fixed", "name": "dur", "size": 12, "logicalType": "duration"})",
                    LogicalType::kDuration}));

TEST(SchemaParser, DecimalKeepsPrecisionAndScale) {
  Schema s =
      MustParse(R"({"type": "bytes", "logicalType": "decimal", "precision": 10, "scale": 3})");
  EXPECT_EQ(s.root().decimal(), (DecimalSpec{10, 3}));
  EXPECT_THAT(s.root().properties(), IsEmpty());
  Schema no_scale = MustParse(R"({"type": "bytes", "logicalType": "decimal", "precision": 5})");
  EXPECT_EQ(no_scale.root().decimal(), (DecimalSpec{5, 0}));
}

class InvalidLogicalTypes : public ::testing::TestWithParam<const char*> {};

TEST_P(InvalidLogicalTypes, FallBackToTheUnderlyingTypeAndStayAsProperties) {
  Schema s = MustParse(GetParam());
  EXPECT_EQ(s.root().logical_type(), LogicalType::kNone);
  EXPECT_NE(s.root().FindProperty("logicalType"), nullptr);
}

INSTANTIATE_TEST_SUITE_P(
    SchemaParser, InvalidLogicalTypes,
    ::testing::Values(
        R"({"type": "bytes", "logicalType": "decimal", "precision": 2, "scale": 3})",
        R"({"type": "bytes", "logicalType": "decimal"})",
        R"({"type": "bytes", "logicalType": "decimal", "precision": 0})",
        R"({"type": "bytes", "logicalType": "decimal", "precision": "4"})",
        R"({"type": "bytes", "logicalType": "decimal", "precision": 4, "scale": -1})",
        // A fixed(2) holds at most 4 decimal digits: floor(log10(2^15 - 1)).
        R"({"type": "fixed", "name": "f", "size": 2, "logicalType": "decimal", "precision": 5})",
        R"({"type": "string", "logicalType": "decimal", "precision": 4})",
        R"({"type": "int", "logicalType": "uuid"})",
        R"({"type": "long", "logicalType": "date"})",
        R"({"type": "long", "logicalType": "time-millis"})",
        R"({"type": "int", "logicalType": "time-micros"})",
        R"({"type": "int", "logicalType": "timestamp-millis"})",
        R"({"type": "string", "logicalType": "local-timestamp-micros"})",
        R"({"type": "fixed", "name": "f", "size": 10, "logicalType": "duration"})",
        R"({"type": "string", "logicalType": "no-such-type"})",
        R"({"type": "string", "logicalType": 7})"));

TEST(SchemaParser, MaxDecimalPrecisionMatchesTheSpecificationsFormula) {
  Schema four = MustParse(
      R"({"type": "fixed", "name": "f", "size": 2, "logicalType": "decimal", "precision": 4})");
  EXPECT_EQ(four.root().logical_type(), LogicalType::kDecimal);
}

TEST(SchemaParser, ValidDefaultsOfEveryTypeAreAccepted) {
  MustParse(R"({"type": "record", "name": "R", "fields": [
    {"name": "n", "type": "null", "default": null},
    {"name": "b", "type": "boolean", "default": true},
    {"name": "i", "type": "int", "default": -2147483648},
    {"name": "l", "type": "long", "default": 9223372036854775807},
    {"name": "f", "type": "float", "default": 1.5},
    {"name": "d", "type": "double", "default": "NaN"},
    {"name": "d2", "type": "double", "default": 3},
    {"name": "by", "type": "bytes", "default": "\u00ff\u0000a"},
    {"name": "s", "type": "string", "default": "héllo ✓"},
    {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["X", "Y"]}, "default": "Y"},
    {"name": "fx", "type": {"type": "fixed", "name": "F", "size": 2}, "default": "\u00ffa"},
    {"name": "a", "type": {"type": "array", "items": "int"}, "default": [1, 2]},
    {"name": "m", "type": {"type": "map", "values": "E"}, "default": {"k": "X"}},
    {"name": "u", "type": ["null", "int"], "default": null},
    {"name": "u2", "type": ["int", "null"], "default": 4},
    {"name": "r", "type": {"type": "record", "name": "Inner", "fields": [
       {"name": "x", "type": "int"}, {"name": "y", "type": "int", "default": 0}]},
     "default": {"x": 1}},
    {"name": "t", "type": {"type": "long", "logicalType": "timestamp-millis"}, "default": 0}
  ]})");
}

// ---------------------------------------------------------------------------------------------
// Invalid schemas: each fault class, located by its path.

TEST(SchemaParser, UnknownTypeIsReportedAtItsField) {
  absl::StatusOr<Schema> s = ParseSchema(R"({"type": "record", "name": "R", "fields": [
    {"name": "a", "type": "int"}, {"name": "b", "type": "int"}, {"name": "c", "type": "strng"}]})");
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.status().message(), R"($.fields[2].type: unknown type "strng")");
}

TEST(SchemaParser, DefaultOfTheWrongTypeIsReportedAtTheDefault) {
  absl::StatusOr<Schema> s = ParseSchema(
      R"({"type": "record", "name": "R", "fields": [{"name": "a", "type": "int", "default": "x"}]})");
  EXPECT_EQ(s.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(s.status().message(), R"($.fields[0].default: expected int, got "x")");
}

TEST(SchemaParser, EveryFaultIsListedNotJustTheFirst) {
  EXPECT_THAT(ErrorPaths(R"({"type": "record", "name": "R", "fields": [
    {"name": "a", "type": "strng"},
    {"name": "1b", "type": "int"},
    {"name": "c", "type": {"type": "enum", "name": "E", "symbols": ["X", "X"]}}]})"),
              ElementsAre("$.fields[0].type", "$.fields[1].name", "$.fields[2].type.symbols[1]"));
  EXPECT_THAT(ErrorPaths(R"({"type": "record", "name": "R", "fields": [
    {"name": "a", "type": "int", "default": 1.5},
    {"name": "b", "type": "string"},
    {"name": "c", "type": ["null", "int"], "default": 3}]})"),
              ElementsAre("$.fields[0].default", "$.fields[2].default"));
}

TEST(SchemaParser, DefaultsAreCheckedOnceTheTypesAreSound) {
  // A default cannot be judged against a type that is itself broken.
  EXPECT_THAT(ErrorPaths(R"({"type": "record", "name": "R", "fields": [
    {"name": "a", "type": {"type": "map", "valuez": "int"}, "default": {"k": 1}},
    {"name": "b", "type": "int", "default": "x"}]})"),
              ElementsAre("$.fields[0].type"));
}

struct InvalidCase {
  const char* name;
  const char* json;
  std::vector<std::string> paths;
};

class InvalidSchemas : public ::testing::TestWithParam<InvalidCase> {};

TEST_P(InvalidSchemas, AreRefusedWithThePathToTheFault) {
  SchemaParseResult result = ParseSchemaCollectingErrors(GetParam().json);
  EXPECT_FALSE(result.schema.has_value());
  std::vector<std::string> paths;
  for (const SchemaError& e : result.errors) paths.push_back(e.path);
  EXPECT_EQ(paths, GetParam().paths) << SchemaErrorsToStatus(result.errors);
  EXPECT_EQ(ParseSchema(GetParam().json).status().code(), absl::StatusCode::kInvalidArgument);
}

// A record with the given fields, to keep the table short.
#define RECORD(fields) R"({"type": "record", "name": "R", "fields": [)" fields "]}"

INSTANTIATE_TEST_SUITE_P(
    SchemaParser, InvalidSchemas,
    ::testing::Values(
        InvalidCase{"NotJson", R"({"type": )", {"$"}},
        InvalidCase{"EmptyInput", "", {"$"}},
        InvalidCase{"NumberIsNotASchema", "42", {"$"}},
        InvalidCase{"UnknownTopLevelName", R"("Nope")", {"$"}},
        InvalidCase{"ObjectWithoutType", R"({"name": "x"})", {"$"}},
        InvalidCase{"TypeIsNotAString", R"({"type": {"type": "int"}})", {"$.type"}},
        InvalidCase{"UnknownTypeInObject", R"({"type": "strng"})", {"$.type"}},
        InvalidCase{"RepeatedAttribute", R"({"type": "int", "type": "long"})", {"$"}},
        InvalidCase{"RecordWithoutName", R"({"type": "record", "fields": []})", {"$"}},
        InvalidCase{"RecordWithoutFields", R"({"type": "record", "name": "R"})", {"$"}},
        InvalidCase{"FieldsNotAnArray", R"({"type": "record", "name": "R", "fields": {}})",
                    {"$.fields"}},
        InvalidCase{"FieldNotAnObject", RECORD(R"("int")"), {"$.fields[0]"}},
        InvalidCase{"FieldWithoutName", RECORD(R"({"type": "int"})"), {"$.fields[0]"}},
        InvalidCase{"FieldWithoutType", RECORD(R"({"name": "a"})"), {"$.fields[0]"}},
        InvalidCase{"BadFieldName", RECORD(R"({"name": "1a", "type": "int"})"),
                    {"$.fields[0].name"}},
        InvalidCase{"DottedFieldName", RECORD(R"({"name": "a.b", "type": "int"})"),
                    {"$.fields[0].name"}},
        InvalidCase{"DuplicateFieldName",
                    RECORD(R"({"name": "a", "type": "int"}, {"name": "a", "type": "long"})"),
                    {"$.fields[1].name"}},
        InvalidCase{"BadFieldOrder", RECORD(R"({"name": "a", "type": "int", "order": "up"})"),
                    {"$.fields[0].order"}},
        InvalidCase{"BadFieldAlias",
                    RECORD(R"({"name": "a", "type": "int", "aliases": ["ok", "not ok"]})"),
                    {"$.fields[0].aliases[1]"}},
        InvalidCase{"FieldAliasIsAnotherFieldsName",
                    RECORD(R"({"name": "a", "type": "int"},
                              {"name": "b", "type": "int", "aliases": ["a"]})"),
                    {"$.fields[1].aliases[0]"}},
        InvalidCase{"DocNotAString", RECORD(R"({"name": "a", "type": "int", "doc": 1})"),
                    {"$.fields[0].doc"}},
        InvalidCase{"BadRecordName", R"({"type": "record", "name": "a-b", "fields": []})",
                    {"$.name"}},
        InvalidCase{"NameWithEmptyNamespacePart",
                    R"({"type": "record", "name": "a..b", "fields": []})", {"$.name"}},
        InvalidCase{"NameWithLeadingDot", R"({"type": "record", "name": ".b", "fields": []})",
                    {"$.name"}},
        InvalidCase{"BadNamespace",
                    R"({"type": "record", "name": "R", "namespace": "a.1b", "fields": []})",
                    {"$.namespace"}},
        InvalidCase{"NamespaceNotAString",
                    R"({"type": "record", "name": "R", "namespace": 3, "fields": []})",
                    {"$.namespace"}},
        InvalidCase{"TypeNamedAfterAPrimitive",
                    R"({"type": "record", "name": "int", "fields": []})", {"$.name"}},
        InvalidCase{"NamespacedTypeNamedAfterAPrimitive",
                    R"({"type": "fixed", "name": "a.b.string", "size": 1})", {"$.name"}},
        InvalidCase{"BadTypeAlias",
                    R"({"type": "record", "name": "R", "aliases": ["x-y"], "fields": []})",
                    {"$.aliases[0]"}},
        InvalidCase{"AliasesNotAnArray",
                    R"({"type": "record", "name": "R", "aliases": "x", "fields": []})",
                    {"$.aliases"}},
        InvalidCase{"DuplicateDefinition",
                    RECORD(R"({"name": "a", "type": {"type": "fixed", "name": "F", "size": 1}},
                              {"name": "b", "type": {"type": "enum", "name": "F",
                                                     "symbols": ["X"]}})"),
                    {"$.fields[1].type.name"}},
        InvalidCase{"RecordRedefinesItself",
                    RECORD(R"({"name": "a", "type": {"type": "record", "name": "R",
                                                     "fields": []}})"),
                    {"$.fields[0].type.name"}},
        InvalidCase{"ReferenceBeforeDefinition",
                    RECORD(R"({"name": "a", "type": "F"},
                              {"name": "b", "type": {"type": "fixed", "name": "F", "size": 1}})"),
                    {"$.fields[0].type"}},
        InvalidCase{"ReferenceOutsideItsNamespace",
                    R"({"type": "record", "name": "R", "fields": [
                        {"name": "a", "type": {"type": "fixed", "name": "x.F", "size": 1}},
                        {"name": "b", "type": "F"}]})",
                    {"$.fields[1].type"}},
        InvalidCase{"EnumWithoutSymbols", R"({"type": "enum", "name": "E"})", {"$"}},
        InvalidCase{"EnumSymbolsNull", R"({"type": "enum", "name": "E", "symbols": null})",
                    {"$"}},
        InvalidCase{"BadEnumSymbol",
                    R"({"type": "enum", "name": "E", "symbols": ["A", "B-C"]})",
                    {"$.symbols[1]"}},
        InvalidCase{"EnumSymbolNotAString",
                    R"({"type": "enum", "name": "E", "symbols": ["A", 1]})", {"$.symbols[1]"}},
        InvalidCase{"DuplicateEnumSymbol",
                    R"({"type": "enum", "name": "E", "symbols": ["A", "B", "A"]})",
                    {"$.symbols[2]"}},
        InvalidCase{"EnumDefaultNotASymbol",
                    R"({"type": "enum", "name": "E", "symbols": ["A"], "default": "B"})",
                    {"$.default"}},
        InvalidCase{"FixedWithoutSize", R"({"type": "fixed", "name": "F"})", {"$"}},
        InvalidCase{"FixedNegativeSize", R"({"type": "fixed", "name": "F", "size": -1})",
                    {"$.size"}},
        InvalidCase{"FixedFractionalSize", R"({"type": "fixed", "name": "F", "size": 1.5})",
                    {"$.size"}},
        InvalidCase{"FixedHugeSize",
                    R"({"type": "fixed", "name": "F", "size": 99999999999999999999})", {"$"}},
        InvalidCase{"FixedBadQuotedSize", R"({"type": "fixed", "name": "F", "size": "1x"})",
                    {"$.size"}},
        InvalidCase{"ArrayWithoutItems", R"({"type": "array"})", {"$"}},
        InvalidCase{"MapWithoutValues", R"({"type": "map"})", {"$"}},
        InvalidCase{"BadArrayItems", R"({"type": "array", "items": "strng"})", {"$.items"}},
        InvalidCase{"BadMapValues", R"({"type": "map", "values": 1})", {"$.values"}},
        InvalidCase{"DuplicatePrimitiveBranch", R"(["int", "string", "int"])", {"$[2]"}},
        InvalidCase{"DuplicateLogicalBranch",
                    R"(["int", {"type": "int", "logicalType": "date"}])", {"$[1]"}},
        InvalidCase{"DuplicateArrayBranch",
                    R"([{"type": "array", "items": "int"}, {"type": "array", "items": "long"}])",
                    {"$[1]"}},
        InvalidCase{"DuplicateNamedBranch",
                    R"([{"type": "fixed", "name": "F", "size": 1}, "F"])", {"$[1]"}},
        InvalidCase{"NestedUnion", R"(["null", ["int", "long"]])", {"$[1]"}},
        InvalidCase{"BadBranch", R"(["null", "strng"])", {"$[1]"}},
        // Defaults.
        InvalidCase{"NullDefaultForInt", RECORD(R"({"name": "a", "type": "int", "default": null})"),
                    {"$.fields[0].default"}},
        InvalidCase{"IntDefaultOutOfRange",
                    RECORD(R"({"name": "a", "type": "int", "default": 2147483648})"),
                    {"$.fields[0].default"}},
        InvalidCase{"FractionalLongDefault",
                    RECORD(R"({"name": "a", "type": "long", "default": 1.5})"),
                    {"$.fields[0].default"}},
        InvalidCase{"StringDefaultForBoolean",
                    RECORD(R"({"name": "a", "type": "boolean", "default": "true"})"),
                    {"$.fields[0].default"}},
        InvalidCase{"StringDefaultForDouble",
                    RECORD(R"({"name": "a", "type": "double", "default": "1.5"})"),
                    {"$.fields[0].default"}},
        InvalidCase{"NumberDefaultForString",
                    RECORD(R"({"name": "a", "type": "string", "default": 1})"),
                    {"$.fields[0].default"}},
        InvalidCase{"BytesDefaultAbove255",
                    RECORD(R"({"name": "a", "type": "bytes", "default": "\u0100"})"),
                    {"$.fields[0].default"}},
        InvalidCase{"FixedDefaultOfWrongLength",
                    RECORD(R"({"name": "a", "type": {"type": "fixed", "name": "F", "size": 2},
                               "default": "abc"})"),
                    {"$.fields[0].default"}},
        InvalidCase{"EnumDefaultNotInSymbols",
                    RECORD(R"({"name": "a", "type": {"type": "enum", "name": "E",
                                                     "symbols": ["X"]}, "default": "Y"})"),
                    {"$.fields[0].default"}},
        InvalidCase{"ArrayDefaultWithBadItem",
                    RECORD(R"({"name": "a", "type": {"type": "array", "items": "int"},
                               "default": [1, "two", 3]})"),
                    {"$.fields[0].default[1]"}},
        InvalidCase{"MapDefaultWithBadValue",
                    RECORD(R"({"name": "a", "type": {"type": "map", "values": "int"},
                               "default": {"k": "v"}})"),
                    {"$.fields[0].default.k"}},
        InvalidCase{"ArrayDefaultForMap",
                    RECORD(R"({"name": "a", "type": {"type": "map", "values": "int"},
                               "default": []})"),
                    {"$.fields[0].default"}},
        InvalidCase{"UnionDefaultMatchingOnlyTheSecondBranch",
                    RECORD(R"({"name": "a", "type": ["null", "string"], "default": "x"})"),
                    {"$.fields[0].default"}},
        InvalidCase{"RecordDefaultMissingRequiredField",
                    RECORD(R"({"name": "a", "type": {"type": "record", "name": "I", "fields": [
                                 {"name": "x", "type": "int"}]}, "default": {}})"),
                    {"$.fields[0].default"}},
        InvalidCase{"RecordDefaultWithBadNestedField",
                    RECORD(R"({"name": "a", "type": {"type": "record", "name": "I", "fields": [
                                 {"name": "x", "type": "int"}]}, "default": {"x": "1"}})"),
                    {"$.fields[0].default.x"}},
        InvalidCase{"RecursiveDefaultChecksEveryLevel",
                    R"({"type": "record", "name": "Tree", "fields": [
                         {"name": "v", "type": "int"},
                         {"name": "kids", "type": {"type": "array", "items": "Tree"},
                          "default": [{"v": 1, "kids": [{"v": "2", "kids": []}]}]}]})",
                    {"$.fields[1].default[0].kids[0].v"}}),
    [](const ::testing::TestParamInfo<InvalidCase>& info) { return info.param.name; });

#undef RECORD

TEST(SchemaParser, DeepNestingIsRefusedWithoutCrashing) {
  std::string deep;
  for (int i = 0; i < 5000; ++i) deep += R"({"type": "array", "items": )";
  deep += R"("int")";
  for (int i = 0; i < 5000; ++i) deep += "}";
  EXPECT_THAT(ErrorPaths(deep), ElementsAre("$"));
}

TEST(SchemaParser, FaultListIsBounded) {
  std::string json = R"({"type": "record", "name": "R", "fields": [)";
  for (int i = 0; i < 500; ++i) {
    if (i > 0) json += ",";
    json += R"({"name": "f)" + std::to_string(i) + R"(", "type": "strng"})";
  }
  json += "]}";
  EXPECT_EQ(ParseSchemaCollectingErrors(json).errors.size(), 101u);
}

}  // namespace
}  // namespace causeway::avro
