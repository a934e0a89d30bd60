// libFuzzer target for the gateway's publish core. The first byte picks a schema, the rest is a
// payload, read both as JSON for the encoder and as Avro binary for the reader.
//
// Invariants: the encoder either succeeds or lists at least one violation, each with a path from
// `$`; whatever it encodes is exactly one valid datum, renders as JSON, and that rendering (with
// logical types in their natural forms) encodes back to the same bytes. The reader never crashes
// on any bytes, and what it accepts it renders.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/avro/schema_parser.h"
#include "common/codec/avro_binary_reader.h"
#include "common/codec/confluent_framing.h"
#include "common/codec/json_to_avro.h"

namespace {

using namespace causeway;
using namespace causeway::codec;

// A broken invariant is a crash for libFuzzer, which keeps the input that caused it.
void Require(bool condition) {
  if (!condition) __builtin_trap();
}

constexpr std::string_view kSchemas[] = {
    // 0: the seed's Person.
    R"({"type": "record", "name": "Person", "namespace": "mfp", "fields": [
        {"name": "first_name", "type": "string"}, {"name": "last_name", "type": "string"},
        {"name": "age", "type": ["null", "int"]},
        {"name": "username", "type": ["null", "string"]}]})",
    // 1: every primitive and complex type, with defaults.
    R"({"type": "record", "name": "All", "namespace": "f", "fields": [
        {"name": "n", "type": "null", "default": null},
        {"name": "b", "type": "boolean", "default": false},
        {"name": "i", "type": "int", "default": 1},
        {"name": "l", "type": "long", "default": 2},
        {"name": "f", "type": "float", "default": "NaN"},
        {"name": "d", "type": "double", "default": 0.5},
        {"name": "s", "type": "string", "default": "s"},
        {"name": "by", "type": "bytes", "default": "\u00ff"},
        {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["A", "B", "C"],
                               "default": "A"}},
        {"name": "e2", "type": {"type": "enum", "name": "E2", "symbols": ["X", "Y"]},
         "default": "Y"},
        {"name": "fx", "type": {"type": "fixed", "name": "F", "size": 3}, "default": "abc"},
        {"name": "a", "type": {"type": "array", "items": "int"}, "default": []},
        {"name": "m", "type": {"type": "map", "values": ["null", "string"]}, "default": {}},
        {"name": "r", "type": {"type": "record", "name": "In", "fields": [
           {"name": "x", "type": "int", "default": 0}, {"name": "y", "type": ["null", "In"]}]},
         "default": {"y": null}},
        {"name": "aa", "type": {"type": "array", "items": {"type": "map", "values": "In"}}}]})",
    // 2: recursive.
    R"({"type": "record", "name": "Tree", "fields": [
        {"name": "label", "type": ["null", "string"]},
        {"name": "kids", "type": {"type": "array", "items": "Tree"}, "default": []},
        {"name": "next", "type": ["null", "Tree"], "default": null},
        {"name": "attrs", "type": {"type": "map", "values": "Tree"}, "default": {}}]})",
    // 3: unions of everything: matching bare values, records by shape, annotations.
    R"({"type": "record", "name": "U", "namespace": "u", "fields": [
        {"name": "any", "type": ["null", "boolean", "int", "long", "float", "double", "string",
           "bytes",
           {"type": "enum", "name": "Color", "symbols": ["RED", "GREEN"], "default": "RED"},
           {"type": "fixed", "name": "Two", "size": 2},
           {"type": "record", "name": "Cat", "fields": [
             {"name": "name", "type": "string"}, {"name": "lives", "type": "int", "default": 9}]},
           {"type": "record", "name": "Dog", "namespace": "v", "fields": [
             {"name": "name", "type": "string"}, {"name": "good", "type": "boolean"}]},
           {"type": "array", "items": ["null", "u.Cat", "v.Dog", "string"]},
           {"type": "map", "values": ["int", "string"]}]},
        {"name": "numbers", "type": {"type": "array", "items": ["float", "long"]}, "default": []},
        {"name": "text", "type": ["bytes", "string", "null"], "default": ""}]})",
    // 4: logical types, bare and in unions.
    R"({"type": "record", "name": "L", "fields": [
        {"name": "date", "type": {"type": "int", "logicalType": "date"}},
        {"name": "tm", "type": ["null", {"type": "int", "logicalType": "time-millis"}]},
        {"name": "tu", "type": {"type": "long", "logicalType": "time-micros"}, "default": 0},
        {"name": "ts", "type": ["null", {"type": "long", "logicalType": "timestamp-millis"}]},
        {"name": "tsu", "type": {"type": "long", "logicalType": "timestamp-micros"}, "default": 0},
        {"name": "lt", "type": {"type": "long", "logicalType": "local-timestamp-millis"},
         "default": 0},
        {"name": "ltu", "type": ["null", {"type": "long",
                                          "logicalType": "local-timestamp-micros"}]},
        {"name": "id", "type": ["null", {"type": "string", "logicalType": "uuid"}]},
        {"name": "price", "type": ["null", {"type": "bytes", "logicalType": "decimal",
                                            "precision": 12, "scale": 3}, "string"]},
        {"name": "money", "type": {"type": "fixed", "name": "Money", "size": 6,
                                   "logicalType": "decimal", "precision": 14, "scale": 2},
         "default": "\u0000\u0000\u0000\u0000\u0000\u0000"},
        {"name": "dur", "type": ["null", {"type": "fixed", "name": "Dur", "size": 12,
                                          "logicalType": "duration"}]}]})",
    // 5: nested multi-record unions, where matching by shape could go exponential.
    R"({"type": "record", "name": "Outer", "fields": [
        {"name": "v", "type": ["null",
          {"type": "record", "name": "A", "fields": [
            {"name": "b", "type": ["null", {"type": "record", "name": "B", "fields": [
              {"name": "next", "type": ["null", "A", "B"]}, {"name": "y", "type": "int"}]}],
             "default": null},
            {"name": "next", "type": ["null", "A", "B"]}, {"name": "x", "type": "int"}]},
          "B", {"type": "map", "values": ["A", "B", "null"]}]}]})",
};
constexpr size_t kSchemaCount = sizeof kSchemas / sizeof kSchemas[0];

const std::vector<avro::Schema>& Schemas() {
  static const std::vector<avro::Schema>* schemas = [] {
    auto* parsed = new std::vector<avro::Schema>;
    for (std::string_view json : kSchemas) {
      absl::StatusOr<avro::Schema> schema = avro::ParseSchema(json);
      Require(schema.ok());
      parsed->push_back(*std::move(schema));
    }
    return parsed;
  }();
  return *schemas;
}

void CheckEncoder(const avro::Schema& schema, std::string_view json) {
  static JsonToAvroEncoder* encoder = new JsonToAvroEncoder();
  std::string binary = "keep";
  Violations violations;
  const absl::Status status = encoder->Encode(schema, json, binary, violations);
  if (!status.ok()) {
    Require(status.code() == absl::StatusCode::kInvalidArgument);
    Require(binary == "keep");
    Require(!violations.empty());
    for (const Violation& v : violations) Require(!v.path.empty() && v.path[0] == '$');
    return;
  }
  Require(violations.empty());
  binary.erase(0, 4);
  Require(ValidateAvroBinary(schema, binary).ok());
  Require(AvroBinaryToJson(schema, binary).ok());
  absl::StatusOr<std::string> natural =
      AvroBinaryToJson(schema, binary, {.logical_types = LogicalTypeRendering::kNatural});
  Require(natural.ok());
  std::string again;
  Require(encoder->Encode(schema, *natural, again, violations).ok());
  Require(again == binary);
}

void CheckReader(const avro::Schema& schema, std::string_view bytes) {
  const bool valid = ValidateAvroBinary(schema, bytes).ok();
  Require(AvroBinaryToJson(schema, bytes).ok() == valid);
  Require(AvroBinaryToJson(schema, bytes, {.logical_types = LogicalTypeRendering::kNatural}).ok() ==
          valid);
  if (absl::StatusOr<ConfluentMessage> framed = UnframeConfluent(bytes); framed.ok()) {
    Require(FrameConfluent(framed->schema_id, framed->datum) == bytes);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const avro::Schema& schema = Schemas()[data[0] % kSchemaCount];
  const std::string_view payload(reinterpret_cast<const char*>(data + 1), size - 1);
  CheckEncoder(schema, payload);
  CheckReader(schema, payload);
  return 0;
}
