// The cost per event of reader-schema resolution (issue 12, goal ≤ 1 µs for Person): the seed's
// Person (tools/demo/person.avsc, v1) and v2, which adds `email` (["null","string"], default
// null). Each case renders one datum as natural JSON into a reused string, as the relay does:
//   BM_Plain_V2        decoded with its writer schema (what a subscription without a reader pays)
//   BM_Resolve_V2toV1  written with v2, read with v1: email passed over
//   BM_Resolve_V1toV2  written with v1, read with v2: email from its default
//   BM_Resolve_V2toV2  the same schema parsed twice: every value goes through resolution
//
//   cmake -S . -B build/rel -G Ninja -DCMAKE_BUILD_TYPE=Release -DCAUSEWAY_SANITIZE=OFF \
//     -DCAUSEWAY_BENCH=ON && ninja -C build/rel -j2 bench_reader_schema &&
//   build/rel/tools/bench/reader_schema/bench_reader_schema
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "benchmark/benchmark.h"
#include "common/avro/schema_parser.h"
#include "common/codec/avro_binary_reader.h"
#include "common/codec/json_to_avro.h"

namespace {

using namespace causeway;

[[noreturn]] void Die(const std::string& why) {
  std::fprintf(stderr, "bench_reader_schema: %s\n", why.c_str());
  std::exit(1);
}

std::string PersonV1Text() {
  std::ifstream in(CAUSEWAY_PERSON_AVSC);
  if (!in) Die("cannot read " CAUSEWAY_PERSON_AVSC);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// v1 with email added after its last field.
std::string PersonV2Text(const std::string& v1) {
  const size_t end = v1.rfind(']');
  if (end == std::string::npos) Die("person.avsc has no fields array");
  std::string v2 = v1;
  v2.insert(end, R"(, {"name": "email", "type": ["null", "string"], "default": null})");
  return v2;
}

avro::Schema Parse(const std::string& text) {
  auto schema = avro::ParseSchema(text);
  if (!schema.ok()) Die(std::string(schema.status().message()));
  return *std::move(schema);
}

struct Fixture {
  avro::Schema v1 = Parse(PersonV1Text());
  avro::Schema v2 = Parse(PersonV2Text(PersonV1Text()));
  avro::Schema v2_again = Parse(PersonV2Text(PersonV1Text()));
  std::string datum_v1;
  std::string datum_v2;

  Fixture() {
    codec::JsonToAvroEncoder encoder;
    auto d1 = encoder.Encode(v1, R"({"first_name": "Paul", "last_name": "Smith", "age": 31,
                                     "username": "paul"})");
    auto d2 = encoder.Encode(v2, R"({"first_name": "Paul", "last_name": "Smith", "age": 31,
                                     "username": "paul", "email": "paul@example.com"})");
    if (!d1.ok() || !d2.ok()) Die("the Person payloads do not encode");
    datum_v1 = *d1;
    datum_v2 = *d2;
  }
};

const Fixture& F() {
  static const Fixture* const f = new Fixture();
  return *f;
}

void Run(benchmark::State& state, const avro::Schema& writer, const avro::Schema* reader,
         const std::string& datum) {
  const codec::AvroReadOptions options = codec::NaturalJson();
  std::string out;
  for (auto _ : state) {
    out.clear();
    const absl::Status s =
        reader == nullptr ? codec::AppendAvroBinaryAsJson(writer, datum, out, options)
                          : codec::AppendResolvedAvroBinaryAsJson(writer, *reader, datum, out,
                                                                  options);
    if (!s.ok()) Die(std::string(s.message()));
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(out);
}

void BM_Plain_V2(benchmark::State& state) { Run(state, F().v2, nullptr, F().datum_v2); }
void BM_Resolve_V2toV1(benchmark::State& state) { Run(state, F().v2, &F().v1, F().datum_v2); }
void BM_Resolve_V1toV2(benchmark::State& state) { Run(state, F().v1, &F().v2, F().datum_v1); }
void BM_Resolve_V2toV2(benchmark::State& state) {
  Run(state, F().v2, &F().v2_again, F().datum_v2);
}

BENCHMARK(BM_Plain_V2);
BENCHMARK(BM_Resolve_V2toV1);
BENCHMARK(BM_Resolve_V1toV2);
BENCHMARK(BM_Resolve_V2toV2);

}  // namespace

BENCHMARK_MAIN();
