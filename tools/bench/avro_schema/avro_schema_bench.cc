// What a schema registration and an activation cost: parsing, canonicalising and fingerprinting
// a 200-field schema, and checking a new version of it for compatibility; with Avro C doing the
// comparable work (parsing the same text; resolving one schema against the other) in the same
// run.
//
//   ninja -C build bench_avro_schema && build/tools/bench/avro_schema/bench_avro_schema
#include <avro.h>

#include <string>

#include "benchmark/benchmark.h"
#include "common/avro/canonical_form.h"
#include "common/avro/compatibility.h"
#include "common/avro/fingerprint.h"
#include "common/avro/schema_parser.h"

namespace {

using namespace causeway::avro;

constexpr int kFields = 200;

// One field of each common shape in turn: primitives, nullable unions, logical types, named
// enum and fixed, containers and a small nested record, each with a doc as real schemas have.
std::string FieldJson(int i) {
  const std::string n = std::to_string(i);
  const std::string head = R"({"name": "f)" + n + R"(", "doc": "Field number )" + n + R"(", )";
  switch (i % 12) {
    case 0:
      return head + R"("type": "int"})";
    case 1:
      return head + R"("type": "long", "default": 0})";
    case 2:
      return head + R"("type": "string"})";
    case 3:
      return head + R"("type": ["null", "string"], "default": null})";
    case 4:
      return head + R"("type": "double"})";
    case 5:
      return head + R"("type": {"type": "long", "logicalType": "timestamp-millis"}})";
    case 6:
      return head + R"("type": {"type": "bytes", "logicalType": "decimal", "precision": 12,
                                "scale": 2}})";
    case 7:
      return head + R"("type": {"type": "enum", "name": "E)" + n +
             R"(", "symbols": ["A", "B", "C", "D"]}})";
    case 8:
      return head + R"("type": {"type": "fixed", "name": "F)" + n + R"(", "size": 16}})";
    case 9:
      return head + R"("type": {"type": "array", "items": "string"}, "default": []})";
    case 10:
      return head + R"("type": {"type": "map", "values": ["null", "long"]}, "default": {}})";
    default:
      return head + R"("type": {"type": "record", "name": "R)" + n + R"(", "fields": [
          {"name": "x", "type": "int"}, {"name": "y", "type": "string", "default": ""},
          {"name": "z", "type": ["null", "boolean"], "default": null}]}})";
  }
}

// The schema, and (evolved) a next version that FULL accepts: ten new fields with defaults.
std::string WideSchema(bool evolved) {
  std::string json =
      R"({"type": "record", "name": "Wide", "namespace": "mfp.bench", "doc": "Benchmark",
          "fields": [)";
  for (int i = 0; i < kFields; ++i) {
    if (i > 0) json += ",\n";
    json += FieldJson(i);
  }
  if (evolved) {
    for (int i = 0; i < 10; ++i) {
      json += R"(, {"name": "added)" + std::to_string(i) +
              R"(", "type": ["null", "string"], "default": null})";
    }
  }
  json += "]}";
  return json;
}

const std::string& OldText() {
  static const std::string text = WideSchema(false);
  return text;
}

const std::string& NewText() {
  static const std::string text = WideSchema(true);
  return text;
}

Schema MustParse(const std::string& text) {
  absl::StatusOr<Schema> schema = ParseSchema(text);
  if (!schema.ok()) abort();
  return *std::move(schema);
}

void BM_Causeway_Parse(benchmark::State& state) {
  for (auto _ : state) {
    absl::StatusOr<Schema> schema = ParseSchema(OldText());
    benchmark::DoNotOptimize(schema);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(OldText().size()));
}
BENCHMARK(BM_Causeway_Parse);

// A registration's work: parse, Parsing Canonical Form, MD5 schema id.
void BM_Causeway_ParseCanonicaliseFingerprint(benchmark::State& state) {
  for (auto _ : state) {
    absl::StatusOr<Schema> schema = ParseSchema(OldText());
    std::string id = Md5Hex(CanonicalForm(*schema));
    benchmark::DoNotOptimize(id);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(OldText().size()));
}
BENCHMARK(BM_Causeway_ParseCanonicaliseFingerprint);

void BM_AvroC_Parse(benchmark::State& state) {
  for (auto _ : state) {
    avro_schema_t schema = nullptr;
    if (avro_schema_from_json_length(OldText().data(), OldText().size(), &schema) != 0) {
      state.SkipWithError(avro_strerror());
      return;
    }
    avro_schema_decref(schema);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(OldText().size()));
}
BENCHMARK(BM_AvroC_Parse);

enum class Directions { kForwardOnly, kBoth };

// An activation's check in FULL mode (the new version reads the old, and the old reads the new),
// or only its forward half (the old schema reading the new one's data), which Avro C can do too.
void BM_Causeway_Compatibility(benchmark::State& state, Directions directions) {
  const Schema old_schema = MustParse(OldText());
  const Schema new_schema = MustParse(NewText());
  for (auto _ : state) {
    auto forward = CheckReaderWriter(old_schema, new_schema);
    if (directions == Directions::kBoth) {
      auto backward = CheckReaderWriter(new_schema, old_schema);
      forward.insert(forward.end(), backward.begin(), backward.end());
    }
    if (!forward.empty()) {
      state.SkipWithError("benchmark schemas are expected to be compatible");
      return;
    }
    benchmark::DoNotOptimize(forward);
  }
}
BENCHMARK_CAPTURE(BM_Causeway_Compatibility, Full, Directions::kBoth);
BENCHMARK_CAPTURE(BM_Causeway_Compatibility, Forward, Directions::kForwardOnly);

// Avro C has no compatibility checker; the nearest work is building the resolver that reads one
// schema's data as the other's, which fails when they do not resolve. Its resolver knows nothing
// of field defaults (a reader field the writer lacks is always an error), so only the forward
// half of the check above can be compared.
void BM_AvroC_ResolveForward(benchmark::State& state) {
  avro_schema_t old_schema = nullptr;
  avro_schema_t new_schema = nullptr;
  if (avro_schema_from_json_length(OldText().data(), OldText().size(), &old_schema) != 0 ||
      avro_schema_from_json_length(NewText().data(), NewText().size(), &new_schema) != 0) {
    state.SkipWithError(avro_strerror());
    return;
  }
  for (auto _ : state) {
    avro_value_iface_t* forward = avro_resolved_writer_new(new_schema, old_schema);
    if (forward == nullptr) {
      state.SkipWithError(avro_strerror());
      break;
    }
    avro_value_iface_decref(forward);
  }
  avro_schema_decref(old_schema);
  avro_schema_decref(new_schema);
}
BENCHMARK(BM_AvroC_ResolveForward);

}  // namespace

BENCHMARK_MAIN();
