// JSON → Avro binary → JSON → Avro binary: what the encoder writes, the reader renders, and the
// rendering encodes back to the same bytes.
#include <string>
#include <string_view>

#include "gateway/core/avro_binary_reader.h"
#include "gateway/core/json_to_avro.h"
#include "gateway_core_test_util.h"
#include "gtest/gtest.h"

namespace causeway::gateway {
namespace {

using test_util::Hex;
using test_util::MustEncode;
using test_util::MustParse;

constexpr std::string_view kAllTypes = R"({
  "type": "record", "name": "All", "namespace": "rt",
  "fields": [
    {"name": "n", "type": "null"},
    {"name": "b", "type": "boolean"},
    {"name": "i", "type": "int"},
    {"name": "l", "type": "long"},
    {"name": "f", "type": "float"},
    {"name": "d", "type": "double"},
    {"name": "s", "type": "string"},
    {"name": "by", "type": "bytes"},
    {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["A", "B"]}},
    {"name": "fx", "type": {"type": "fixed", "name": "F", "size": 4}},
    {"name": "a", "type": {"type": "array", "items": ["null", "E", "F"]}},
    {"name": "m", "type": {"type": "map", "values": {"type": "array", "items": "float"}}},
    {"name": "date", "type": {"type": "int", "logicalType": "date"}},
    {"name": "tm", "type": {"type": "int", "logicalType": "time-millis"}},
    {"name": "tu", "type": {"type": "long", "logicalType": "time-micros"}},
    {"name": "tsm", "type": {"type": "long", "logicalType": "timestamp-millis"}},
    {"name": "tsu", "type": {"type": "long", "logicalType": "timestamp-micros"}},
    {"name": "ltm", "type": {"type": "long", "logicalType": "local-timestamp-millis"}},
    {"name": "ltu", "type": {"type": "long", "logicalType": "local-timestamp-micros"}},
    {"name": "id", "type": {"type": "string", "logicalType": "uuid"}},
    {"name": "price", "type": {"type": "bytes", "logicalType": "decimal", "precision": 10,
                               "scale": 3}},
    {"name": "money", "type": {"type": "fixed", "name": "Money", "size": 8,
                               "logicalType": "decimal", "precision": 18, "scale": 2}},
    {"name": "dur", "type": {"type": "fixed", "name": "Dur", "size": 12,
                             "logicalType": "duration"}},
    {"name": "tree", "type": {"type": "record", "name": "Tree", "fields": [
      {"name": "label", "type": ["null", "string"]},
      {"name": "kids", "type": {"type": "array", "items": "Tree"}, "default": []}]}}
  ]})";

constexpr std::string_view kAllValue = R"({
  "n": null, "b": false, "i": -2147483648, "l": 9223372036854775807, "f": -1.25e-3,
  "d": 6.02214076e23, "s": "tab\there \u2028 \"quoted\" \\ 😀", "by": "\u0000\u007f\u0080\u00ff",
  "e": "A", "fx": "\u0001\u0002\u0003\u0004",
  "a": [null, "B", {"F": "abcd"}, {"E": "A"}],
  "m": {"xs": [1.5, "NaN", "Infinity"], "": []},
  "date": "1999-12-31", "tm": "23:59:59.999", "tu": "12:00:00.000001",
  "tsm": "2026-11-25T02:10:00.123+05:30", "tsu": "1900-01-01T00:00:00Z",
  "ltm": "2026-11-25T02:10:00", "ltu": "2026-11-25 02:10:00.654321",
  "id": "123E4567-E89B-12D3-A456-426614174000", "price": "-1234567.891", "money": 42,
  "dur": "\u0001\u0000\u0000\u0000\u0002\u0000\u0000\u0000\u0003\u0000\u0000\u0000",
  "tree": {"label": "root", "kids": [{"label": null}, {"kids": [{"label": "leaf"}]}]}})";

TEST(RoundTrip, NaturalRenderingEncodesBackToTheSameBytes) {
  const avro::Schema schema = MustParse(kAllTypes);
  const std::string binary = MustEncode(schema, kAllValue);
  const std::string natural =
      *AvroBinaryToJson(schema, binary, {.logical_types = LogicalTypeRendering::kNatural});
  EXPECT_EQ(Hex(MustEncode(schema, natural)), Hex(binary)) << natural;
}

TEST(RoundTrip, NaturalRenderingShowsWhatWasMeant) {
  const avro::Schema schema = MustParse(kAllTypes);
  const std::string natural = *AvroBinaryToJson(schema, MustEncode(schema, kAllValue),
                                                {.logical_types = LogicalTypeRendering::kNatural});
  EXPECT_EQ(natural,
            R"({"n":null,"b":false,"i":-2147483648,"l":9223372036854775807,"f":-0.00125,)"
            R"("d":6.02214076e+23,"s":"tab\there )" "\u2028" R"( \"quoted\" \\ 😀",)"
            R"("by":"\u0000)" "\x7f\u0080\u00ff" R"(","e":"A","fx":"\u0001\u0002\u0003\u0004",)"
            R"("a":[null,{"rt.E":"B"},{"rt.F":"abcd"},{"rt.E":"A"}],)"
            R"("m":{"xs":[1.5,"NaN","Infinity"],"":[]},)"
            R"("date":"1999-12-31","tm":"23:59:59.999","tu":"12:00:00.000001",)"
            R"("tsm":"2026-11-24T20:40:00.123Z","tsu":"1900-01-01T00:00:00Z",)"
            R"("ltm":"2026-11-25T02:10:00","ltu":"2026-11-25T02:10:00.654321",)"
            R"("id":"123e4567-e89b-12d3-a456-426614174000","price":"-1234567.891",)"
            R"("money":"42.00",)"
            R"("dur":"\u0001\u0000\u0000\u0000\u0002\u0000\u0000\u0000\u0003\u0000\u0000\u0000",)"
            R"("tree":{"label":{"string":"root"},"kids":[{"label":null,"kids":[]},)"
            R"({"label":null,"kids":[{"label":{"string":"leaf"},"kids":[]}]}]}})");
}

TEST(RoundTrip, AvroJsonRenderingEncodesBackToTheSameBytesWithoutDecimals) {
  // Avro's JSON encoding writes a decimal as its raw bytes, which the encoder reads as decimal
  // text; every other type comes back exactly.
  const avro::Schema schema = MustParse(R"({"type": "record", "name": "R", "fields": [
      {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-millis"}},
      {"name": "u", "type": ["null", "bytes", "string", {"type": "map", "values": "int"}]},
      {"name": "v", "type": {"type": "array", "items": ["int", "long", "float", "double"]}}]})");
  const std::string binary = MustEncode(schema, R"({"ts": "2026-11-25T02:10:00Z",
      "u": {"a": 1}, "v": [1, 3000000000, {"float": 0.1}, 0.1, {"double": -0.0}]})");
  const std::string avro_json = *AvroBinaryToJson(schema, binary);
  EXPECT_EQ(avro_json,
            R"({"ts":1795572600000,"u":{"map":{"a":1}},)"
            R"("v":[{"int":1},{"long":3000000000},{"float":0.1},{"double":0.1},{"double":-0.0}]})");
  EXPECT_EQ(Hex(MustEncode(schema, avro_json)), Hex(binary));
}

}  // namespace
}  // namespace causeway::gateway
