// What a JSON publish costs the gateway's core: validating a JSON payload against its schema and
// encoding it as Avro binary, in events per second on one core; with Avro C encoding the same
// record from an already-built generic value (avro_value_write) in the same run, which is the
// floor any Avro encoder pays. Also the other two per-event jobs of the core: checking an Avro
// binary payload, and rendering a datum as JSON (what the relay does).
//
//   ninja -C build bench_gateway_core && build/tools/bench/gateway_core/bench_gateway_core
#include <avro.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "benchmark/benchmark.h"
#include "common/avro/schema_parser.h"
#include "common/codec/avro_binary_reader.h"
#include "common/codec/json_to_avro.h"

namespace {

using namespace causeway;
using namespace causeway::gateway;

constexpr int kWideFields = 50;

constexpr std::string_view kPersonSchema = R"({
  "type": "record", "name": "Person", "namespace": "mfp",
  "fields": [
    {"name": "first_name", "type": "string"},
    {"name": "last_name", "type": "string"},
    {"name": "age", "type": ["null", "int"]},
    {"name": "username", "type": ["null", "string"]}
  ]})";

// The seed's two payloads: age omitted with a bare union value, and Avro's annotated form.
constexpr std::string_view kPersonBare =
    R"({"first_name": "Paul", "last_name": "Smith", "username": "paul"})";
constexpr std::string_view kPersonAnnotated =
    R"({"first_name": "Paul", "last_name": "Smith", "age": {"int": 31},
        "username": {"string": "paul"}})";

// One field of each common shape in turn, and a value for it as a client would write it.
std::string WideFieldSchema(int i) {
  const std::string n = std::to_string(i);
  const std::string head = R"({"name": "f)" + n + R"(", )";
  switch (i % 10) {
    case 0:
      return head + R"("type": "int"})";
    case 1:
      return head + R"("type": {"type": "long", "logicalType": "timestamp-millis"}})";
    case 2:
      return head + R"("type": "string"})";
    case 3:
      return head + R"("type": ["null", "string"], "default": null})";
    case 4:
      return head + R"("type": "double"})";
    case 5:
      return head + R"("type": "boolean"})";
    case 6:
      return head + R"("type": {"type": "enum", "name": "E)" + n +
             R"(", "symbols": ["NEW", "PAID", "SHIPPED", "DONE"]}})";
    case 7:
      return head + R"("type": {"type": "array", "items": "string"}})";
    case 8:
      return head + R"("type": {"type": "map", "values": "long"}})";
    default:
      return head + R"("type": {"type": "record", "name": "R)" + n + R"(", "fields": [
          {"name": "x", "type": "int"}, {"name": "y", "type": ["null", "string"]}]}})";
  }
}

std::string WideFieldValue(int i) {
  const std::string key = "\"f" + std::to_string(i) + "\": ";
  switch (i % 10) {
    case 0:
      return key + std::to_string(1000 + i);
    case 1:
      return key + R"("2026-11-25T02:10:00.123Z")";
    case 2:
      return key + R"("some text of a typical length")";
    case 3:
      return key + R"("optional")";
    case 4:
      return key + "1234.5678";
    case 5:
      return key + "true";
    case 6:
      return key + R"("SHIPPED")";
    case 7:
      return key + R"(["a", "bb", "ccc"])";
    case 8:
      return key + R"({"one": 1, "two": 2})";
    default:
      return key + R"({"x": 7, "y": "why"})";
  }
}

std::string WideSchema() {
  std::string json = R"({"type": "record", "name": "Wide", "namespace": "mfp.bench", "fields": [)";
  for (int i = 0; i < kWideFields; ++i) json += (i ? ",\n" : "") + WideFieldSchema(i);
  return json + "]}";
}

std::string WideValue() {
  std::string json = "{";
  for (int i = 0; i < kWideFields; ++i) json += (i ? ", " : "") + WideFieldValue(i);
  return json + "}";
}

[[noreturn]] void Die(std::string_view what) {
  std::fprintf(stderr, "bench_gateway_core: %.*s\n", static_cast<int>(what.size()), what.data());
  std::exit(1);
}

struct Case {
  std::string schema_json;
  avro::Schema schema;
  std::string json;
  std::string binary;  // our encoding of `json`
};

Case MakeCase(std::string schema_json, std::string json) {
  absl::StatusOr<avro::Schema> schema = avro::ParseSchema(schema_json);
  if (!schema.ok()) Die(schema.status().ToString());
  JsonToAvroEncoder encoder;
  absl::StatusOr<std::string> binary = encoder.Encode(*schema, json);
  if (!binary.ok()) Die(binary.status().ToString());
  return {std::move(schema_json), *std::move(schema), std::move(json), *std::move(binary)};
}

const Case& PersonBare() {
  static const Case c = MakeCase(std::string(kPersonSchema), std::string(kPersonBare));
  return c;
}
const Case& PersonAnnotated() {
  static const Case c = MakeCase(std::string(kPersonSchema), std::string(kPersonAnnotated));
  return c;
}
const Case& Wide() {
  static const Case c = MakeCase(WideSchema(), WideValue());
  return c;
}

void EncodeJson(benchmark::State& state, const Case& c) {
  JsonToAvroEncoder encoder;
  std::string out;
  Violations violations;
  for (auto _ : state) {
    out.clear();
    if (!encoder.Encode(c.schema, c.json, out, violations).ok()) Die("refused");
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(c.json.size()));
  state.counters["avro_bytes"] = static_cast<double>(c.binary.size());
}

void BM_Causeway_JsonToAvro_Person(benchmark::State& state) { EncodeJson(state, PersonBare()); }
void BM_Causeway_JsonToAvro_PersonAnnotated(benchmark::State& state) {
  EncodeJson(state, PersonAnnotated());
}
void BM_Causeway_JsonToAvro_Wide50(benchmark::State& state) { EncodeJson(state, Wide()); }

// Avro C writing the same record from a generic value built beforehand (read from our bytes, and
// checked to write the same bytes back).
void AvroCWrite(benchmark::State& state, const Case& c) {
  avro_schema_t schema;
  if (avro_schema_from_json_length(c.schema_json.data(), c.schema_json.size(), &schema) != 0) {
    Die(avro_strerror());
  }
  avro_value_iface_t* iface = avro_generic_class_from_schema(schema);
  avro_value_t value;
  avro_generic_value_new(iface, &value);
  avro_reader_t reader = avro_reader_memory(c.binary.data(), static_cast<int64_t>(c.binary.size()));
  if (avro_value_read(reader, &value) != 0) Die(avro_strerror());
  avro_reader_free(reader);

  std::string buffer(64 * 1024, '\0');
  avro_writer_t writer = avro_writer_memory(buffer.data(), static_cast<int64_t>(buffer.size()));
  if (avro_value_write(writer, &value) != 0) Die(avro_strerror());
  if (std::string_view(buffer.data(), avro_writer_tell(writer)) != c.binary) {
    Die("Avro C wrote other bytes than ours");
  }
  for (auto _ : state) {
    avro_writer_reset(writer);
    if (avro_value_write(writer, &value) != 0) Die(avro_strerror());
    benchmark::DoNotOptimize(buffer.data());
  }
  state.SetItemsProcessed(state.iterations());
  avro_writer_free(writer);
  avro_value_decref(&value);
  avro_value_iface_decref(iface);
  avro_schema_decref(schema);
}

void BM_AvroC_Write_Person(benchmark::State& state) { AvroCWrite(state, PersonBare()); }
void BM_AvroC_Write_Wide50(benchmark::State& state) { AvroCWrite(state, Wide()); }

// A publish that sends Avro binary with a schema id: checking it is one valid datum.
void ValidateBinary(benchmark::State& state, const Case& c) {
  for (auto _ : state) {
    if (!ValidateAvroBinary(c.schema, c.binary).ok()) Die("invalid");
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Causeway_ValidateAvro_Person(benchmark::State& state) {
  ValidateBinary(state, PersonBare());
}
void BM_Causeway_ValidateAvro_Wide50(benchmark::State& state) { ValidateBinary(state, Wide()); }

// The relay's job: a datum rendered as JSON.
void BM_Causeway_AvroToJson_Wide50(benchmark::State& state) {
  const Case& c = Wide();
  std::string json;
  for (auto _ : state) {
    json.clear();
    if (!AppendAvroBinaryAsJson(c.schema, c.binary, json).ok()) Die("invalid");
    benchmark::DoNotOptimize(json.data());
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_Causeway_JsonToAvro_Person);
BENCHMARK(BM_Causeway_JsonToAvro_PersonAnnotated);
BENCHMARK(BM_AvroC_Write_Person);
BENCHMARK(BM_Causeway_JsonToAvro_Wide50);
BENCHMARK(BM_AvroC_Write_Wide50);
BENCHMARK(BM_Causeway_ValidateAvro_Person);
BENCHMARK(BM_Causeway_ValidateAvro_Wide50);
BENCHMARK(BM_Causeway_AvroToJson_Wide50);

}  // namespace

BENCHMARK_MAIN();
