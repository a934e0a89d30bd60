// The reader/writer checker: a table of schema pairs, both directions of every resolution rule,
// with the kinds and paths of the incompatibilities each must produce.
#include "common/avro/compatibility.h"

#include <string>
#include <utility>
#include <vector>

#include "common/avro/schema_parser.h"
#include "avro_test_util.h"
#include "gtest/gtest.h"

namespace causeway::avro {
namespace {

using K = IncompatibilityKind;
using Expected = std::vector<std::pair<IncompatibilityKind, std::string>>;

using test_util::MustParse;

// {"type": <type>, "name": <name><extra>, <body>}: the named types of the table, kept short.
std::string Named(std::string_view type, std::string_view name, std::string_view extra,
                  std::string_view body) {
  std::string json = R"({"type": ")";
  json.append(type).append(R"(", "name": ")").append(name).append("\"").append(extra);
  return json.append(", ").append(body).append("}");
}

std::string Rec(std::string_view name, std::string_view fields, std::string_view extra = "") {
  return Named("record", name, extra, R"("fields": [)" + std::string(fields) + "]");
}

std::string Enum(std::string_view name, std::string_view symbols, std::string_view extra = "") {
  return Named("enum", name, extra, R"("symbols": [)" + std::string(symbols) + "]");
}

std::string Fixed(std::string_view name, int size, std::string_view extra = "") {
  return Named("fixed", name, extra, R"("size": )" + std::to_string(size));
}

std::string Decimal(int precision, int scale) {
  return R"({"type": "bytes", "logicalType": "decimal", "precision": )" +
         std::to_string(precision) + R"(, "scale": )" + std::to_string(scale) + "}";
}

struct Case {
  std::string name;
  std::string reader;
  std::string writer;
  Expected expected;
};

class ReaderWriter : public ::testing::TestWithParam<Case> {};

TEST_P(ReaderWriter, ReportsExactlyTheExpectedIncompatibilities) {
  Schema reader = MustParse(GetParam().reader);
  Schema writer = MustParse(GetParam().writer);
  Expected actual;
  std::string details;
  for (const Incompatibility& i : CheckReaderWriter(reader, writer)) {
    actual.emplace_back(i.kind, i.path);
    details += "\n  " + std::string(IncompatibilityKindName(i.kind)) + " " + i.ToString();
    EXPECT_FALSE(i.detail.empty());
  }
  EXPECT_EQ(actual, GetParam().expected) << details;
}

TEST_P(ReaderWriter, EachSchemaReadsItself) {
  Schema reader = MustParse(GetParam().reader);
  Schema writer = MustParse(GetParam().writer);
  EXPECT_TRUE(CheckReaderWriter(reader, reader).empty());
  EXPECT_TRUE(CheckReaderWriter(writer, writer).empty());
}

const Expected kOk = {};

// Field lists used by several cases.
const char* const kA = R"({"name": "a", "type": "int"})";
const char* const kB = R"({"name": "b", "type": "string"})";
const char* const kBWithDefault = R"({"name": "b", "type": "string", "default": ""})";

std::vector<Case> PrimitiveCases() {
  return {
      {"SamePrimitiveIsReadable", R"("int")", R"("int")", kOk},
      {"IntPromotesToLong", R"("long")", R"("int")", kOk},
      {"LongDoesNotNarrowToInt", R"("int")", R"("long")", {{K::kTypeMismatch, "$"}}},
      {"IntPromotesToFloat", R"("float")", R"("int")", kOk},
      {"FloatDoesNotNarrowToInt", R"("int")", R"("float")", {{K::kTypeMismatch, "$"}}},
      {"IntPromotesToDouble", R"("double")", R"("int")", kOk},
      {"DoubleDoesNotNarrowToInt", R"("int")", R"("double")", {{K::kTypeMismatch, "$"}}},
      {"LongPromotesToFloat", R"("float")", R"("long")", kOk},
      {"FloatDoesNotNarrowToLong", R"("long")", R"("float")", {{K::kTypeMismatch, "$"}}},
      {"LongPromotesToDouble", R"("double")", R"("long")", kOk},
      {"DoubleDoesNotNarrowToLong", R"("long")", R"("double")", {{K::kTypeMismatch, "$"}}},
      {"FloatPromotesToDouble", R"("double")", R"("float")", kOk},
      {"DoubleDoesNotNarrowToFloat", R"("float")", R"("double")", {{K::kTypeMismatch, "$"}}},
      {"StringPromotesToBytes", R"("bytes")", R"("string")", kOk},
      {"BytesPromotesToString", R"("string")", R"("bytes")", kOk},
      {"StringIsNotInt", R"("int")", R"("string")", {{K::kTypeMismatch, "$"}}},
      {"IntIsNotString", R"("string")", R"("int")", {{K::kTypeMismatch, "$"}}},
      {"NullIsNotBoolean", R"("boolean")", R"("null")", {{K::kTypeMismatch, "$"}}},
      {"BooleanIsNotNull", R"("null")", R"("boolean")", {{K::kTypeMismatch, "$"}}},
      {"LongIsNotBoolean", R"("boolean")", R"("long")", {{K::kTypeMismatch, "$"}}},
      {"LogicalTypeAddedIsReadable", R"({"type": "long", "logicalType": "timestamp-millis"})",
       R"("long")", kOk},
      {"LogicalTypeRemovedIsReadable", R"("int")", R"({"type": "int", "logicalType": "date"})",
       kOk},
      {"DecimalWithSamePrecisionAndScaleIsReadable", Decimal(9, 2), Decimal(9, 2), kOk},
      {"DecimalWithOtherScaleIsNot", Decimal(9, 2), Decimal(9, 3), {{K::kDecimalMismatch, "$"}}},
      {"DecimalWithOtherScaleIsNotEitherWay", Decimal(9, 3), Decimal(9, 2),
       {{K::kDecimalMismatch, "$"}}},
      {"DecimalWithOtherPrecisionIsNot", Decimal(12, 2), Decimal(9, 2),
       {{K::kDecimalMismatch, "$"}}},
      {"DecimalReadAsPlainBytes", R"("bytes")", Decimal(9, 2), kOk},
      {"PlainBytesReadAsDecimal", Decimal(9, 2), R"("bytes")", kOk},
      {"FixedDecimalWithOtherPrecisionIsNot",
       Fixed("D", 8, R"(, "logicalType": "decimal", "precision": 10)"),
       Fixed("D", 8, R"(, "logicalType": "decimal", "precision": 12)"),
       {{K::kDecimalMismatch, "$"}}},
  };
}

std::vector<Case> RecordCases() {
  const std::string address_v1 =
      Rec("Address", R"({"name": "street", "type": "string"})");
  const std::string address_v2 =
      Rec("Address", R"({"name": "street", "type": "string"}, {"name": "zip", "type": "string"})");
  return {
      {"AddedFieldWithDefaultIsReadable", Rec("R", std::string(kA) + "," + kBWithDefault),
       Rec("R", kA), kOk},
      {"AddedFieldWithoutDefaultIsNot", Rec("R", std::string(kA) + "," + kB), Rec("R", kA),
       {{K::kReaderFieldMissingDefault, "$.fields.b"}}},
      {"RemovedFieldIsSkipped", Rec("R", kA), Rec("R", std::string(kA) + "," + kB), kOk},
      {"RemovedFieldWithDefaultIsSkipped", Rec("R", kA),
       Rec("R", std::string(kA) + "," + kBWithDefault), kOk},
      {"ReorderedFieldsAreReadable", Rec("R", std::string(kB) + "," + kA),
       Rec("R", std::string(kA) + "," + kB), kOk},
      {"FieldTypePromotionIsReadable", Rec("R", R"({"name": "age", "type": "long"})"),
       Rec("R", R"({"name": "age", "type": "int"})"), kOk},
      {"FieldTypeNarrowingIsNot", Rec("R", R"({"name": "age", "type": "int"})"),
       Rec("R", R"({"name": "age", "type": "long"})"), {{K::kTypeMismatch, "$.fields.age"}}},
      {"FieldRenamedWithReaderAliasIsReadable",
       Rec("R", R"({"name": "fullName", "type": "string", "aliases": ["name"]})"),
       Rec("R", R"({"name": "name", "type": "string"})"), kOk},
      {"FieldRenamedWithoutAliasNeedsDefault",
       Rec("R", R"({"name": "fullName", "type": "string"})"),
       Rec("R", R"({"name": "name", "type": "string"})"),
       {{K::kReaderFieldMissingDefault, "$.fields.fullName"}}},
      {"FieldRenamedWithDefaultIsReadable",
       Rec("R", R"({"name": "fullName", "type": "string", "default": "?"})"),
       Rec("R", R"({"name": "name", "type": "string"})"), kOk},
      {"WriterFieldAliasIsNotConsulted", Rec("R", R"({"name": "fullName", "type": "string"})"),
       Rec("R", R"({"name": "name", "type": "string", "aliases": ["fullName"]})"),
       {{K::kReaderFieldMissingDefault, "$.fields.fullName"}}},
      {"AliasedFieldIsResolvedRecursively",
       Rec("R", R"({"name": "n", "type": "int", "aliases": ["count"]})"),
       Rec("R", R"({"name": "count", "type": "string"})"), {{K::kTypeMismatch, "$.fields.n"}}},
      {"RenamedRecordIsNot", Rec("Person", kA), Rec("User", kA), {{K::kNameMismatch, "$"}}},
      {"RenamedRecordWithReaderAliasIsReadable",
       Rec("Person", kA, R"(, "aliases": ["User"])"), Rec("User", kA), kOk},
      {"RecordAliasMayBeAFullname", Rec("x.Person", kA, R"(, "aliases": ["y.User"])"),
       Rec("y.User", kA), kOk},
      {"RecordsMatchByUnqualifiedName", Rec("x.Person", kA), Rec("y.Person", kA), kOk},
      {"WriterRecordAliasIsNotConsulted", Rec("Person", kA),
       Rec("User", kA, R"(, "aliases": ["Person"])"), {{K::kNameMismatch, "$"}}},
      {"DocChangesAreIrrelevant", Rec("R", kA, R"(, "doc": "new")"),
       Rec("R", kA, R"(, "doc": "old")"), kOk},
      {"EveryFaultIsReportedInFieldOrder",
       Rec("R", R"({"name": "a", "type": "string"}, {"name": "b", "type": "int"},
                   {"name": "c", "type": "int"})"),
       Rec("R", R"({"name": "a", "type": "int"}, {"name": "b", "type": "string"})"),
       {{K::kTypeMismatch, "$.fields.a"},
        {K::kTypeMismatch, "$.fields.b"},
        {K::kReaderFieldMissingDefault, "$.fields.c"}}},
      {"RenamedRecordStillHasItsFieldsChecked", Rec("Person", std::string(kA) + "," + kB),
       Rec("User", kA), {{K::kNameMismatch, "$"}, {K::kReaderFieldMissingDefault, "$.fields.b"}}},
      {"NestedRecordFieldWithoutDefaultIsNot",
       Rec("User", R"({"name": "address", "type": )" + address_v2 + "}"),
       Rec("User", R"({"name": "address", "type": )" + address_v1 + "}"),
       {{K::kReaderFieldMissingDefault, "$.fields.address.fields.zip"}}},
      {"NestedRecordFieldRemovedIsReadable",
       Rec("User", R"({"name": "address", "type": )" + address_v1 + "}"),
       Rec("User", R"({"name": "address", "type": )" + address_v2 + "}"), kOk},
      {"EmptyRecordsAreReadable", Rec("R", ""), Rec("R", ""), kOk},
      {"RecordIsNotMap", Rec("R", kA), R"({"type": "map", "values": "int"})",
       {{K::kTypeMismatch, "$"}}},
      {"RecordIsNotEnumOfTheSameName", Rec("R", kA), Enum("R", R"("A")"),
       {{K::kTypeMismatch, "$"}}},
  };
}

std::vector<Case> EnumAndFixedCases() {
  return {
      {"EnumSymbolAddedIsReadable", Enum("Suit", R"("H", "S", "C")"), Enum("Suit", R"("H", "S")"),
       kOk},
      {"EnumSymbolRemovedIsNot", Enum("Suit", R"("H", "S")"), Enum("Suit", R"("H", "S", "C")"),
       {{K::kMissingEnumSymbols, "$"}}},
      {"EnumSymbolRemovedWithReaderDefaultIsReadable",
       Enum("Suit", R"("H", "S", "UNKNOWN")", R"(, "default": "UNKNOWN")"),
       Enum("Suit", R"("H", "S", "C")"), kOk},
      {"WriterEnumDefaultDoesNotHelp", Enum("Suit", R"("H", "S")"),
       Enum("Suit", R"("H", "S", "C")", R"(, "default": "H")"), {{K::kMissingEnumSymbols, "$"}}},
      {"EnumSymbolsReorderedAreReadable", Enum("Suit", R"("S", "H")"),
       Enum("Suit", R"("H", "S")"), kOk},
      {"RenamedEnumIsNot", Enum("Suit", R"("H")"), Enum("Colour", R"("H")"),
       {{K::kNameMismatch, "$"}}},
      {"RenamedEnumWithAliasIsReadable", Enum("Suit", R"("H")", R"(, "aliases": ["Colour"])"),
       Enum("Colour", R"("H")"), kOk},
      {"EnumInRecordReportsItsFieldPath",
       Rec("Card", R"({"name": "suit", "type": )" + Enum("Suit", R"("H")") + "}"),
       Rec("Card", R"({"name": "suit", "type": )" + Enum("Suit", R"("H", "S")") + "}"),
       {{K::kMissingEnumSymbols, "$.fields.suit"}}},
      {"EnumIsNotString", R"("string")", Enum("Suit", R"("H")"), {{K::kTypeMismatch, "$"}}},
      {"FixedOfSameSizeIsReadable", Fixed("Md5", 16), Fixed("Md5", 16), kOk},
      {"LargerFixedIsNot", Fixed("Md5", 16), Fixed("Md5", 8), {{K::kFixedSizeMismatch, "$"}}},
      {"SmallerFixedIsNot", Fixed("Md5", 8), Fixed("Md5", 16), {{K::kFixedSizeMismatch, "$"}}},
      {"RenamedFixedIsNot", Fixed("Md5", 16), Fixed("Hash", 16), {{K::kNameMismatch, "$"}}},
      {"RenamedFixedWithAliasIsReadable", Fixed("Md5", 16, R"(, "aliases": ["Hash"])"),
       Fixed("Hash", 16), kOk},
      {"RenamedAndResizedFixedReportsBoth", Fixed("Md5", 16), Fixed("Hash", 8),
       {{K::kNameMismatch, "$"}, {K::kFixedSizeMismatch, "$"}}},
      {"FixedIsNotBytes", R"("bytes")", Fixed("Md5", 16), {{K::kTypeMismatch, "$"}}},
      {"BytesIsNotFixed", Fixed("Md5", 16), R"("bytes")", {{K::kTypeMismatch, "$"}}},
  };
}

std::vector<Case> ContainerCases() {
  const std::string tag_v1 = Rec("Tag", R"({"name": "label", "type": "string"})");
  const std::string tag_v2 =
      Rec("Tag", R"({"name": "label", "type": "string"}, {"name": "weight", "type": "int"})");
  return {
      {"ArrayItemsPromotionIsReadable", R"({"type": "array", "items": "long"})",
       R"({"type": "array", "items": "int"})", kOk},
      {"ArrayItemsNarrowingIsNot", R"({"type": "array", "items": "int"})",
       R"({"type": "array", "items": "long"})", {{K::kTypeMismatch, "$.items"}}},
      {"MapValuesPromotionIsReadable", R"({"type": "map", "values": "double"})",
       R"({"type": "map", "values": "float"})", kOk},
      {"MapValuesNarrowingIsNot", R"({"type": "map", "values": "float"})",
       R"({"type": "map", "values": "double"})", {{K::kTypeMismatch, "$.values"}}},
      {"ArrayIsNotMap", R"({"type": "array", "items": "int"})",
       R"({"type": "map", "values": "int"})", {{K::kTypeMismatch, "$"}}},
      {"MapIsNotArray", R"({"type": "map", "values": "int"})",
       R"({"type": "array", "items": "int"})", {{K::kTypeMismatch, "$"}}},
      {"ArrayOfRecordsReportsTheItemsFieldPath",
       Rec("Post", R"({"name": "tags", "type": {"type": "array", "items": )" + tag_v2 + "}}"),
       Rec("Post", R"({"name": "tags", "type": {"type": "array", "items": )" + tag_v1 + "}}"),
       {{K::kReaderFieldMissingDefault, "$.fields.tags.items.fields.weight"}}},
      {"ArrayOfRecordsWithRemovedFieldIsReadable",
       Rec("Post", R"({"name": "tags", "type": {"type": "array", "items": )" + tag_v1 + "}}"),
       Rec("Post", R"({"name": "tags", "type": {"type": "array", "items": )" + tag_v2 + "}}"),
       kOk},
      {"MapOfArraysReportsTheNestedPath",
       R"({"type": "map", "values": {"type": "array", "items": "int"}})",
       R"({"type": "map", "values": {"type": "array", "items": "string"}})",
       {{K::kTypeMismatch, "$.values.items"}}},
  };
}

std::vector<Case> UnionCases() {
  const std::string foo_v1 = Rec("Foo", kA);
  const std::string foo_v2 = Rec("Foo", std::string(kA) + "," + kB);
  return {
      {"ReaderUnionWithTheWritersTypeIsReadable", R"(["null", "string"])", R"("string")", kOk},
      {"ReaderUnionWithoutTheWritersTypeIsNot", R"(["null", "string"])", R"("int")",
       {{K::kMissingUnionBranch, "$"}}},
      {"ReaderUnionBranchTheWriterPromotesToIsReadable", R"(["null", "long"])", R"("int")", kOk},
      {"WriterUnionSubsetIsReadable", R"(["null", "string", "int"])", R"(["null", "string"])",
       kOk},
      {"WriterUnionWithExtraBranchIsNot", R"(["null", "string"])", R"(["null", "string", "int"])",
       {{K::kMissingUnionBranch, "$[2]"}}},
      {"WriterUnionWithTwoExtraBranchesReportsBoth", R"(["null"])",
       R"(["int", "null", "string"])",
       {{K::kMissingUnionBranch, "$[0]"}, {K::kMissingUnionBranch, "$[2]"}}},
      {"ReorderedUnionIsReadable", R"(["string", "null"])", R"(["null", "string"])", kOk},
      {"WriterUnionReadAsOneTypeIsNot", R"("string")", R"(["null", "string"])",
       {{K::kTypeMismatch, "$[0]"}}},
      {"SingleBranchWriterUnionReadAsThatTypeIsReadable", R"("string")", R"(["string"])", kOk},
      {"WriterUnionBranchesPromoteIntoNonUnion", R"("double")", R"(["int", "long", "float"])",
       kOk},
      {"UnionBranchesPromoteIntoReaderUnion", R"(["null", "double"])",
       R"(["null", "int", "float"])", kOk},
      {"NamedWriterReadByUnionBranchOfThatName", "[\"null\", " + foo_v1 + "]", foo_v1, kOk},
      {"NamedBranchIsResolvedRecursively", "[\"null\", " + foo_v2 + "]", foo_v1,
       {{K::kReaderFieldMissingDefault, "$.fields.b"}}},
      {"WriterUnionNamedBranchIsResolvedRecursively", "[\"null\", " + foo_v2 + "]",
       "[\"null\", " + foo_v1 + "]", {{K::kReaderFieldMissingDefault, "$[1].fields.b"}}},
      {"UnionBranchMatchedByReaderAlias",
       "[\"null\", " + Rec("Bar", kA, R"(, "aliases": ["Foo"])") + "]",
       "[\"null\", " + foo_v1 + "]", kOk},
      {"UnionPrefersTheBranchWithTheSameFullname",
       "[" + Rec("x.Foo", R"({"name": "a", "type": "int"})") + ", " +
           Rec("y.Foo", R"({"name": "b", "type": "string"})") + "]",
       Rec("y.Foo", R"({"name": "b", "type": "string"})"), kOk},
      {"FieldBecomingNullableIsReadable",
       Rec("R", R"({"name": "f", "type": ["null", "int"], "default": null})"),
       Rec("R", R"({"name": "f", "type": "int"})"), kOk},
      {"FieldBecomingRequiredIsNot", Rec("R", R"({"name": "f", "type": "int"})"),
       Rec("R", R"({"name": "f", "type": ["null", "int"], "default": null})"),
       {{K::kTypeMismatch, "$.fields.f[0]"}}},
      {"EmptyWriterUnionIsReadableByAnything", R"("int")", R"([])", kOk},
      {"EmptyReaderUnionReadsNothing", R"([])", R"("int")", {{K::kMissingUnionBranch, "$"}}},
      {"EnumBranchLackingSymbols", "[\"null\", " + Enum("E", R"("A")") + "]",
       "[\"null\", " + Enum("E", R"("A", "B")") + "]", {{K::kMissingEnumSymbols, "$[1]"}}},
  };
}

std::vector<Case> RecursiveCases() {
  const std::string list_v1 = Rec("LongList", R"({"name": "value", "type": "long"},
                                                 {"name": "next", "type": ["null", "LongList"]})");
  const std::string list_extra_default = Rec("LongList", R"({"name": "value", "type": "long"},
      {"name": "next", "type": ["null", "LongList"]},
      {"name": "extra", "type": "int", "default": 0})");
  const std::string list_extra = Rec("LongList", R"({"name": "value", "type": "long"},
      {"name": "next", "type": ["null", "LongList"]}, {"name": "extra", "type": "int"})");
  const std::string list_int = Rec("LongList", R"({"name": "value", "type": "int"},
                                                  {"name": "next", "type": ["null", "LongList"]})");
  const std::string tree_v1 = Rec("Tree", R"({"name": "label", "type": "string"},
      {"name": "children", "type": {"type": "array", "items": "Tree"}})");
  const std::string tree_v2 = Rec("Tree", R"({"name": "label", "type": "string"},
      {"name": "children", "type": {"type": "array", "items": "Tree"}},
      {"name": "weight", "type": "double"})");
  // A and B refer to each other.
  const std::string mutual_v1 = Rec("A", R"({"name": "b", "type": ["null",
      {"type": "record", "name": "B", "fields": [{"name": "n", "type": "int"},
                                                 {"name": "a", "type": ["null", "A"]}]}]})");
  const std::string mutual_v2 = Rec("A", R"({"name": "b", "type": ["null",
      {"type": "record", "name": "B", "fields": [{"name": "n", "type": "long"},
                                                 {"name": "a", "type": ["null", "A"]}]}]})");
  return {
      {"RecursiveListReadsItself", list_v1, list_v1, kOk},
      {"RecursiveListWithAddedDefaultIsReadable", list_extra_default, list_v1, kOk},
      {"RecursiveListWithAddedRequiredFieldReportsItOnce", list_extra, list_v1,
       {{K::kReaderFieldMissingDefault, "$.fields.extra"}}},
      {"RecursiveListValuePromotionIsReadable", list_v1, list_int, kOk},
      {"RecursiveListValueNarrowingReportsItOnce", list_int, list_v1,
       {{K::kTypeMismatch, "$.fields.value"}}},
      {"RecursiveTreeWithAddedRequiredFieldIsNot", tree_v2, tree_v1,
       {{K::kReaderFieldMissingDefault, "$.fields.weight"}}},
      {"RecursiveTreeWithRemovedFieldIsReadable", tree_v1, tree_v2, kOk},
      {"MutuallyRecursivePromotionIsReadable", mutual_v2, mutual_v1, kOk},
      {"MutuallyRecursiveNarrowingReportsTheDeepPath", mutual_v1, mutual_v2,
       {{K::kTypeMismatch, "$.fields.b[1].fields.n"}}},
  };
}

std::vector<Case> AllCases() {
  std::vector<Case> all;
  for (auto group :
       {PrimitiveCases(), RecordCases(), EnumAndFixedCases(), ContainerCases(), UnionCases(),
        RecursiveCases()}) {
    all.insert(all.end(), group.begin(), group.end());
  }
  return all;
}

INSTANTIATE_TEST_SUITE_P(Compatibility, ReaderWriter, ::testing::ValuesIn(AllCases()),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return info.param.name;
                         });

TEST(Compatibility, TableHasAtLeastEightyCases) { EXPECT_GE(AllCases().size(), 80u); }

TEST(Compatibility, MissingFieldDetailIsTheDocumentedSentence) {
  Schema reader = MustParse(Rec("R", R"({"name": "age", "type": "int"})"));
  Schema writer = MustParse(Rec("R", ""));
  std::vector<Incompatibility> found = CheckReaderWriter(reader, writer);
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].ToString(), "$.fields.age: reader field has no default and the writer lacks it");
  EXPECT_EQ(IncompatibilityKindName(found[0].kind), "READER_FIELD_MISSING_DEFAULT_VALUE");
}

TEST(Compatibility, DeeplyMutuallyRecursiveSchemasDoNotExhaustTheStack) {
  // Two cycles of records, all named "N" in different namespaces so that each reader record
  // matches each writer record: 31 x 29 distinct pairs lie on one path before it repeats.
  auto chain = [](int length, std::string_view field_type) {
    std::string json;
    for (int i = 0; i < length; ++i) {
      json += R"({"type": "record", "name": "n)" + std::to_string(i) +
              R"(.N", "fields": [{"name": "v", "type": ")" + std::string(field_type) +
              R"("}, {"name": "next", "type": )";
    }
    json += R"("n0.N")";
    for (int i = 0; i < length; ++i) json += "}]}";
    return json;
  };
  Schema reader = MustParse(chain(31, "int"));
  Schema writer = MustParse(chain(29, "long"));
  std::vector<Incompatibility> found = CheckReaderWriter(reader, writer);
  EXPECT_EQ(found.size(), 31u * 29u);
  EXPECT_EQ(found[0].path, "$.fields.v");
}

TEST(ResolveUnionBranch, PrefersExactTypeOverPromotion) {
  Schema reader = MustParse(R"(["long", "int"])");
  Schema writer = MustParse(R"("int")");
  EXPECT_EQ(ResolveUnionBranch(reader.root(), writer.root()), 1u);
}

TEST(ResolveUnionBranch, FallsBackToTheFirstPromotion) {
  Schema reader = MustParse(R"(["null", "double", "long"])");
  Schema writer = MustParse(R"("int")");
  EXPECT_EQ(ResolveUnionBranch(reader.root(), writer.root()), 1u);
}

}  // namespace
}  // namespace causeway::avro
