// Decimals: text to two's-complement unscaled bytes and back.
#include "common/codec/decimal_bytes.h"

#include <string>

#include "codec_test_util.h"
#include "gtest/gtest.h"

namespace causeway::codec {
namespace {

using test_util::Hex;

std::string Bytes(std::string_view text, int precision, int scale) {
  absl::StatusOr<std::string> bytes = DecimalTextToBytes(text, {precision, scale});
  return bytes.ok() ? Hex(*bytes) : std::string(bytes.status().message());
}

TEST(DecimalBytes, WritesTheMinimalTwosComplementOfTheUnscaledValue) {
  EXPECT_EQ(Bytes("0", 5, 0), "00");
  EXPECT_EQ(Bytes("127", 5, 0), "7f");
  EXPECT_EQ(Bytes("128", 5, 0), "00 80");
  EXPECT_EQ(Bytes("-128", 5, 0), "80");
  EXPECT_EQ(Bytes("-129", 5, 0), "ff 7f");
  EXPECT_EQ(Bytes("-1", 5, 0), "ff");
  EXPECT_EQ(Bytes("-256", 5, 0), "ff 00");
  EXPECT_EQ(Bytes("12.34", 4, 2), "04 d2");
  EXPECT_EQ(Bytes("-0.5", 4, 2), "ce");  // -50
  EXPECT_EQ(Bytes("+1.5", 4, 2), "00 96");
  EXPECT_EQ(Bytes("-0", 4, 2), "00");
}

TEST(DecimalBytes, ScalesShortFractionsAndReadsExponents) {
  EXPECT_EQ(Bytes("1", 4, 2), "64");
  EXPECT_EQ(Bytes("1.", 4, 2), "64");
  EXPECT_EQ(Bytes(".5", 4, 2), "32");
  EXPECT_EQ(Bytes("1e2", 5, 2), "27 10");     // 10000
  EXPECT_EQ(Bytes("1234e-2", 4, 2), "04 d2");
  EXPECT_EQ(Bytes("12.3400", 4, 2), "04 d2");  // trailing zeros beyond the scale are fine
  EXPECT_EQ(Bytes("0.000e-9999999", 4, 2), "00");
}

TEST(DecimalBytes, RefusesWhatTheSpecCannotHold) {
  EXPECT_EQ(Bytes("12.345", 5, 2), "more than 2 digits after the point");
  EXPECT_EQ(Bytes("1e-3", 5, 2), "more than 2 digits after the point");
  EXPECT_EQ(Bytes("1000", 5, 2), "more than 5 digits");
  EXPECT_EQ(Bytes("1e99999", 5, 2), "more than 5 digits");
  for (const char* text : {"", "-", ".", "1.2.3", "1e", "e5", "0x10", " 1", "1 ", "NaN"}) {
    EXPECT_EQ(Bytes(text, 5, 2), "not a decimal number") << text;
  }
}

TEST(DecimalBytes, RefusesMoreDigitsThanAnyRealSchemaNeeds) {
  EXPECT_EQ(Bytes(std::string(1001, '9'), 100000, 0), "more than 1000 digits");
}

TEST(DecimalBytes, SignExtendsIntoAFixed) {
  EXPECT_EQ(Hex(*SignExtendDecimal("\x04\xd2", 4)), "00 00 04 d2");
  EXPECT_EQ(Hex(*SignExtendDecimal("\xce", 3)), "ff ff ce");
  EXPECT_EQ(SignExtendDecimal("\x01\x02\x03", 2).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(DecimalBytes, RendersBytesAsDecimalText) {
  EXPECT_EQ(DecimalBytesToText("\x04\xd2", 2), "12.34");
  EXPECT_EQ(DecimalBytesToText("\xce", 2), "-0.50");
  EXPECT_EQ(DecimalBytesToText("\x05", 3), "0.005");
  EXPECT_EQ(DecimalBytesToText("", 2), "0.00");
  EXPECT_EQ(DecimalBytesToText("\x00", 0), "0");
  EXPECT_EQ(DecimalBytesToText("\xff\xff\xff\xff", 0), "-1");
  EXPECT_EQ(DecimalBytesToText("\x80", 0), "-128");
}

TEST(DecimalBytes, LongDecimalsRoundTrip) {
  const std::string text = "-123456789012345678901234567890.123456789";
  absl::StatusOr<std::string> bytes = DecimalTextToBytes(text, {40, 9});
  ASSERT_TRUE(bytes.ok()) << bytes.status();
  EXPECT_EQ(DecimalBytesToText(*bytes, 9), text);
}

}  // namespace
}  // namespace causeway::codec
