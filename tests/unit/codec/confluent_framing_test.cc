// Confluent's wire format: magic byte, big-endian global schema id, datum.
#include "common/codec/confluent_framing.h"

#include <string>

#include "codec_test_util.h"
#include "gtest/gtest.h"

namespace causeway::codec {
namespace {

using test_util::Hex;

TEST(ConfluentFraming, PrefixesMagicByteAndBigEndianId) {
  EXPECT_EQ(Hex(FrameConfluent(GlobalSchemaId{0x01020304}, "\x02")), "00 01 02 03 04 02");
  std::string message = "";
  AppendConfluentHeader(GlobalSchemaId{7}, message);
  EXPECT_EQ(Hex(message), "00 00 00 00 07");
}

TEST(ConfluentFraming, UnframesIdAndDatum) {
  const std::string message = FrameConfluent(GlobalSchemaId{258}, "datum");
  absl::StatusOr<ConfluentMessage> unframed = UnframeConfluent(message);
  ASSERT_TRUE(unframed.ok()) << unframed.status();
  EXPECT_EQ(unframed->schema_id, GlobalSchemaId{258});
  EXPECT_EQ(unframed->datum, "datum");
}

TEST(ConfluentFraming, KeepsAllThirtyTwoBitsOfTheId) {
  const std::string message = FrameConfluent(GlobalSchemaId{-2}, "");
  EXPECT_EQ(Hex(message), "00 ff ff ff fe");
  EXPECT_EQ(UnframeConfluent(message)->schema_id, GlobalSchemaId{-2});
  EXPECT_EQ(UnframeConfluent(message)->datum, "");
}

TEST(ConfluentFraming, RefusesAMessageShorterThanTheHeader) {
  EXPECT_EQ(UnframeConfluent(std::string("\0\0\0\0", 4)).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(UnframeConfluent("").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ConfluentFraming, RefusesAnotherMagicByte) {
  const absl::Status status = UnframeConfluent(std::string("\x01\0\0\0\x01\x02", 6)).status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "not a Confluent-framed message: magic byte is 0x01, not 0x00");
}

}  // namespace
}  // namespace causeway::codec
