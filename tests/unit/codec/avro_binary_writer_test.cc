// The binary encoding primitives against the specification's examples and edge values.
#include "common/codec/avro_binary_writer.h"

#include <cstdint>
#include <limits>

#include "gtest/gtest.h"
#include "codec_test_util.h"

namespace causeway::codec {
namespace {

using test_util::Bytes;
using test_util::Hex;

std::string Long(int64_t v) {
  AvroBinaryWriter writer;
  writer.WriteLong(v);
  return std::string(writer.view());
}

TEST(AvroBinaryWriter, WritesZigZagVarintsAsTheSpecificationShows) {
  EXPECT_EQ(Hex(Long(0)), "00");
  EXPECT_EQ(Hex(Long(-1)), "01");
  EXPECT_EQ(Hex(Long(1)), "02");
  EXPECT_EQ(Hex(Long(-2)), "03");
  EXPECT_EQ(Hex(Long(2)), "04");
  EXPECT_EQ(Hex(Long(-64)), "7f");
  EXPECT_EQ(Hex(Long(64)), "80 01");
}

TEST(AvroBinaryWriter, WritesTheExtremesOfIntAndLong) {
  EXPECT_EQ(Hex(Long(std::numeric_limits<int32_t>::max())), "fe ff ff ff 0f");
  EXPECT_EQ(Hex(Long(std::numeric_limits<int32_t>::min())), "ff ff ff ff 0f");
  EXPECT_EQ(Hex(Long(std::numeric_limits<int64_t>::max())), "fe ff ff ff ff ff ff ff ff 01");
  EXPECT_EQ(Hex(Long(std::numeric_limits<int64_t>::min())), "ff ff ff ff ff ff ff ff ff 01");
}

TEST(AvroBinaryWriter, WritesFloatsLittleEndian) {
  AvroBinaryWriter writer;
  writer.WriteFloat(1.5f);
  writer.WriteDouble(1.5);
  EXPECT_EQ(Hex(writer.view()), "00 00 c0 3f 00 00 00 00 00 00 f8 3f");
}

TEST(AvroBinaryWriter, PrefixesBytesAndStringsWithTheirLength) {
  AvroBinaryWriter writer;
  writer.WriteString("foo");
  writer.WriteBytes(Bytes({0xff, 0x00}));
  writer.WriteBytes("");
  EXPECT_EQ(Hex(writer.view()), "06 66 6f 6f 04 ff 00 00");
}

TEST(AvroBinaryWriter, WritesFixedBooleansEnumsAndUnionIndexesAsTheyAre) {
  AvroBinaryWriter writer;
  writer.WriteFixed("ab");
  writer.WriteBoolean(true);
  writer.WriteBoolean(false);
  writer.WriteEnum(2);
  writer.WriteUnionIndex(1);
  EXPECT_EQ(Hex(writer.view()), "61 62 01 00 04 02");
}

TEST(AvroBinaryWriter, WritesBlocksClosedByAnEmptyBlock) {
  // The specification's example: the array [3, 27] is 04 06 36 00.
  AvroBinaryWriter writer;
  writer.WriteBlockCount(2);
  writer.WriteLong(3);
  writer.WriteLong(27);
  writer.WriteBlockEnd();
  EXPECT_EQ(Hex(writer.view()), "04 06 36 00");
}

TEST(AvroBinaryWriter, TruncatesBackToAnEarlierSizeAndClearsKeepingNothing) {
  AvroBinaryWriter writer;
  writer.WriteString("keep");
  const size_t mark = writer.size();
  writer.WriteString("drop");
  writer.Truncate(mark);
  EXPECT_EQ(writer.view(), "\x08keep");
  writer.Clear();
  EXPECT_EQ(writer.size(), 0u);
}

}  // namespace
}  // namespace causeway::codec
