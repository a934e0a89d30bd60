// JSON → Avro binary → JSON → Avro binary: what the encoder writes, the reader renders, and
// the rendering encodes back to the same bytes.
#include <string>
#include <string_view>

#include "common/codec/avro_binary_reader.h"
#include "common/codec/json_to_avro.h"
#include "codec_test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace causeway::codec {
namespace {

using test_util::Hex;
using test_util::kEveryTypeSchema;
using test_util::kEveryTypeValue;
using test_util::MustEncode;
using test_util::MustParse;
using ::testing::HasSubstr;

TEST(RoundTrip, NaturalRenderingEncodesBackToTheSameBytes) {
  const avro::Schema schema = MustParse(kEveryTypeSchema);
  const std::string binary = MustEncode(schema, kEveryTypeValue);
  const std::string natural =
      *AvroBinaryToJson(schema, binary, {.logical_types = LogicalTypeRendering::kNatural});
  EXPECT_EQ(Hex(MustEncode(schema, natural)), Hex(binary)) << natural;
}

TEST(RoundTrip, NaturalRenderingShowsWhatWasMeant) {
  const avro::Schema schema = MustParse(kEveryTypeSchema);
  const std::string natural = *AvroBinaryToJson(schema, MustEncode(schema, kEveryTypeValue),
                                                {.logical_types = LogicalTypeRendering::kNatural});
  for (std::string_view field : {
           R"("date":"1999-12-31")", R"("tm":"23:59:59.999")", R"("tu":"12:00:00.000001")",
           R"("tsm":"2026-11-24T20:40:00.123Z")", R"("tsu":"1900-01-01T00:00:00Z")",
           R"("ltm":"2026-11-25T02:10:00")", R"("ltu":"2026-11-25T02:10:00.654321")",
           R"("id":"123e4567-e89b-12d3-a456-426614174000")", R"("price":"-1234567.891")",
           R"("money":"42.00")"}) {
    EXPECT_THAT(natural, HasSubstr(field));
  }
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
}  // namespace causeway::codec
