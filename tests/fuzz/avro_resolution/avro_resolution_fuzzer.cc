// libFuzzer target for the resolving reader (codec::ResolveAvroBinaryToJson). The first byte
// picks a (writer, reader) pair from a fixed corpus (its low bits) and how the rest is used (its
// high bit): as raw bytes of a datum, or as JSON encoded with the writer schema first, which
// reaches deep into the schemas from small JSON seeds.
//
// Invariants: nothing crashes, hangs or reads out of bounds; a datum resolves only when it is a
// valid datum of the writer; a valid datum of a pair the compatibility checker accepts always
// resolves (unless bytes read as a string are not UTF-8), in every rendering, and its annotated
// rendering of a datum the encoder wrote encodes with the reader schema; a schema read as itself (parsed twice) gives exactly
// the plain rendering. Errors name a path.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/strings/match.h"
#include "common/avro/compatibility.h"
#include "common/avro/schema_parser.h"
#include "common/codec/avro_binary_reader.h"
#include "common/codec/json_to_avro.h"

namespace {

using namespace causeway;
using namespace causeway::codec;

void Require(bool condition) {
  if (!condition) __builtin_trap();
}

// A broken invariant with what shows it, for whoever reproduces the input.
[[noreturn]] void Fatal(const std::string& what, const absl::Status& status) {
  std::fprintf(stderr, "%s: %s\n", what.c_str(), status.ToString().c_str());
  __builtin_trap();
}

constexpr std::string_view kPersonV1 = R"({"type": "record", "name": "Person", "namespace": "mfp",
  "fields": [{"name": "first_name", "type": "string"}, {"name": "last_name", "type": "string"},
             {"name": "age", "type": ["null", "int"]},
             {"name": "username", "type": ["null", "string"]}]})";
constexpr std::string_view kPersonV2 = R"({"type": "record", "name": "Person", "namespace": "mfp",
  "fields": [{"name": "first_name", "type": "string"}, {"name": "last_name", "type": "string"},
             {"name": "age", "type": ["null", "int"]},
             {"name": "username", "type": ["null", "string"]},
             {"name": "email", "type": ["null", "string"], "default": null},
             {"name": "tags", "type": {"type": "array", "items": "string"}, "default": []}]})";

constexpr std::string_view kAllWriter = R"({"type": "record", "name": "All", "namespace": "f",
  "fields": [
    {"name": "i", "type": "int"}, {"name": "i2", "type": "int"}, {"name": "i3", "type": "int"},
    {"name": "l", "type": "long"}, {"name": "l2", "type": "long"},
    {"name": "f", "type": "float"}, {"name": "s", "type": "string"}, {"name": "b", "type": "bytes"},
    {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["A", "B", "C", "D"]}},
    {"name": "fx", "type": {"type": "fixed", "name": "F", "size": 3}},
    {"name": "old_name", "type": "int"},
    {"name": "u", "type": ["null", "int", "string"]},
    {"name": "plain", "type": "int"},
    {"name": "a", "type": {"type": "array", "items": {"type": "record", "name": "Item",
       "fields": [{"name": "x", "type": "int"}, {"name": "gone", "type": "string"}]}}},
    {"name": "m", "type": {"type": "map", "values": ["int", "float"]}},
    {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-millis"}},
    {"name": "d", "type": {"type": "bytes", "logicalType": "decimal", "precision": 9,
                            "scale": 2}}]})";
constexpr std::string_view kAllReader = R"({"type": "record", "name": "Renamed", "namespace": "g",
  "aliases": ["f.All"], "fields": [
    {"name": "i", "type": "long"}, {"name": "i2", "type": "float"}, {"name": "i3", "type": "double"},
    {"name": "l", "type": "float"}, {"name": "l2", "type": "double"},
    {"name": "f", "type": "double"}, {"name": "s", "type": "bytes"}, {"name": "b", "type": "string"},
    {"name": "e", "type": {"type": "enum", "name": "E", "namespace": "f",
       "symbols": ["Z", "C", "A"], "default": "Z"}},
    {"name": "fx", "type": {"type": "fixed", "name": "G", "aliases": ["f.F"], "size": 3}},
    {"name": "new_name", "aliases": ["old_name"], "type": "int"},
    {"name": "u", "type": ["string", "long", "null"]},
    {"name": "plain", "type": ["null", "double"]},
    {"name": "a", "type": {"type": "array", "items": {"type": "record", "name": "Item",
       "namespace": "f", "fields": [{"name": "x", "type": "long"},
         {"name": "y", "type": {"type": "map", "values": "int"}, "default": {"k": 1}}]}}},
    {"name": "m", "type": {"type": "map", "values": "double"}},
    {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-micros"}},
    {"name": "d", "type": {"type": "bytes", "logicalType": "decimal", "precision": 9,
                            "scale": 2}},
    {"name": "added", "type": {"type": "record", "name": "Nested", "fields": [
       {"name": "n", "type": ["null", "string"], "default": null},
       {"name": "arr", "type": {"type": "array", "items": "int"}, "default": [1, 2]}]},
     "default": {"arr": [3]}}]})";

constexpr std::string_view kTree = R"({"type": "record", "name": "Tree", "fields": [
    {"name": "label", "type": ["null", "string"]},
    {"name": "kids", "type": {"type": "array", "items": "Tree"}},
    {"name": "next", "type": ["null", "Tree"]}]})";
constexpr std::string_view kTreeReader = R"({"type": "record", "name": "Tree", "fields": [
    {"name": "name", "aliases": ["label"], "type": ["null", "string"]},
    {"name": "kids", "type": {"type": "array", "items": "Tree"}},
    {"name": "weight", "type": "double", "default": 1},
    {"name": "next", "type": ["null", "Tree"]}]})";

constexpr std::string_view kUnionWriter = R"({"type": "record", "name": "U", "fields": [
    {"name": "v", "type": ["null", "int", "string", {"type": "record", "name": "A", "fields": [
       {"name": "inner", "type": ["null", "A", {"type": "map", "values": ["long", "A"]}]}]},
       {"type": "array", "items": ["null", "float"]}]}]})";
constexpr std::string_view kUnionReader = R"({"type": "record", "name": "U", "fields": [
    {"name": "v", "type": ["string", {"type": "array", "items": ["double", "null"]}, "null",
       "long", {"type": "record", "name": "A", "fields": [
       {"name": "inner", "type": ["null", {"type": "map", "values": ["double", "A"]}, "A"]},
       {"name": "extra", "type": "int", "default": 0}]}]}]})";

// A reader whose defaults expand to 2^20 values: bounded, refused, never a hang.
std::string DagReader() {
  std::string s = R"({"type": "record", "name": "R0", "fields": [{"name": "z", "type": "int",
                      "default": 0}]})";
  for (int i = 1; i <= 20; ++i) {
    const std::string prev = s;  // R<i-1> defined inline in `a`, named in `b`
    s = R"({"type": "record", "name": "R)" + std::to_string(i) + R"(", "fields": [{"name": "a",
         "type": )" + prev + R"(, "default": {}}, {"name": "b", "type": "R)" +
        std::to_string(i - 1) + R"(", "default": {}}]})";
  }
  return R"({"type": "record", "name": "Top", "fields": [{"name": "x", "type": "int"},
             {"name": "big", "type": )" + s + R"(, "default": {}}]})";
}
constexpr std::string_view kDagWriter =
    R"({"type": "record", "name": "Top", "fields": [{"name": "x", "type": "int"}]})";

struct Pair {
  avro::Schema writer;
  avro::Schema reader;
  bool compatible;  // avro::CheckReaderWriter(reader, writer) is empty
  bool same;        // the reader is the writer's text parsed again
};

const std::vector<Pair>& Pairs() {
  static const std::vector<Pair>* pairs = [] {
    const std::string dag = DagReader();
    const std::vector<std::pair<std::string_view, std::string_view>> texts = {
        {kPersonV2, kPersonV1},  {kPersonV1, kPersonV2},     {kAllWriter, kAllReader},
        {kTree, kTreeReader},    {kUnionWriter, kUnionReader}, {kAllWriter, kAllWriter},
        {kUnionWriter, kUnionWriter}, {kDagWriter, dag},
        // Incompatible: the reader needs a field the writer lacks, and a narrower union.
        {kPersonV1, R"({"type": "record", "name": "Person", "namespace": "mfp", "fields": [
            {"name": "email", "type": "string"}]})"},
        {kUnionWriter, R"({"type": "record", "name": "U", "fields": [
            {"name": "v", "type": ["null", "string"]}]})"},
    };
    auto* out = new std::vector<Pair>;
    for (const auto& [w, r] : texts) {
      absl::StatusOr<avro::Schema> writer = avro::ParseSchema(w);
      absl::StatusOr<avro::Schema> reader = avro::ParseSchema(r);
      if (!writer.ok() || !reader.ok()) {
        std::fprintf(stderr, "corpus schema does not parse: %s %s\n",
                     writer.status().ToString().c_str(), reader.status().ToString().c_str());
        __builtin_trap();
      }
      // The DAG reader is compatible, but its defaults are refused as too large.
      const bool compatible = avro::CheckReaderWriter(*reader, *writer).empty() && r != dag;
      out->push_back(Pair{*std::move(writer), *std::move(reader), compatible, w == r});
    }
    return out;
  }();
  return *pairs;
}

// `encoded`: the datum came from JsonToAvroEncoder, as the gateway writes them (raw bytes may hold
// decimals beyond their precision, which readers do not check and the encoder refuses).
void Check(const Pair& pair, std::string_view datum, bool encoded) {
  const bool valid = ValidateAvroBinary(pair.writer, datum).ok();
  absl::StatusOr<std::string> natural =
      ResolveAvroBinaryToJson(pair.writer, pair.reader, datum, NaturalJson());
  // Annotated unions and natural logical types: the form JsonToAvroEncoder reads back exactly
  // (it takes decimals only as numbers, not as Avro JSON's byte strings).
  AvroReadOptions exact_options;
  exact_options.logical_types = LogicalTypeRendering::kNatural;
  absl::StatusOr<std::string> exact =
      ResolveAvroBinaryToJson(pair.writer, pair.reader, datum, exact_options);
  absl::StatusOr<std::string> avro_json =
      ResolveAvroBinaryToJson(pair.writer, pair.reader, datum);
  Require(!natural.ok() || valid);
  Require(natural.ok() == exact.ok() && exact.ok() == avro_json.ok());
  if (!natural.ok()) {
    Require(natural.status().code() == absl::StatusCode::kInvalidArgument);
    Require(natural.status().message().substr(0, 1) == "$");
  }
  // Bytes read as a string must be UTF-8: the one way a valid datum of a compatible pair fails.
  const bool not_text = !natural.ok() && absl::StrContains(natural.status().message(),
                                                            "string is not valid UTF-8");
  if (valid && pair.compatible && !not_text) {
    if (!natural.ok()) Fatal("a valid datum of a compatible pair does not resolve", natural.status());
    static JsonToAvroEncoder* encoder = new JsonToAvroEncoder();
    if (absl::StatusOr<std::string> again = encoder->Encode(pair.reader, *exact);
        encoded && !again.ok()) {
      Fatal(*exact, again.status());
    }
  }
  if (valid && pair.same) {
    const std::string plain = *AvroBinaryToJson(pair.writer, datum, NaturalJson());
    if (*natural != plain) Fatal(*natural + " != " + plain, absl::OkStatus());
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const std::vector<Pair>& pairs = Pairs();
  const Pair& pair = pairs[(data[0] & 0x7F) % pairs.size()];
  const std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  if ((data[0] & 0x80) == 0) {
    Check(pair, rest, false);
    return 0;
  }
  static JsonToAvroEncoder* encoder = new JsonToAvroEncoder();
  absl::StatusOr<std::string> datum = encoder->Encode(pair.writer, rest);
  if (datum.ok()) Check(pair, *datum, true);
  return 0;
}
