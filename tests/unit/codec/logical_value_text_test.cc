// Natural text forms of logical-type values: ISO-8601 timestamps, dates, times of day, UUIDs.
#include "common/codec/logical_value_text.h"

#include <optional>
#include <string>

#include "gtest/gtest.h"

namespace causeway::codec {
namespace {

constexpr auto kMillis = TimeUnit::kMillis;
constexpr auto kMicros = TimeUnit::kMicros;
constexpr auto kInstant = TimestampKind::kInstant;
constexpr auto kLocal = TimestampKind::kLocal;

TEST(LogicalValueText, ParsesInstantsWithZOrOffsets) {
  EXPECT_EQ(ParseIsoTimestamp("2026-11-25T02:10:00Z", kMillis, kInstant), 1795572600000);
  EXPECT_EQ(ParseIsoTimestamp("2026-11-25t02:10:00z", kMillis, kInstant), 1795572600000);
  EXPECT_EQ(ParseIsoTimestamp("2026-11-25 02:10:00Z", kMillis, kInstant), 1795572600000);
  EXPECT_EQ(ParseIsoTimestamp("2026-11-25T04:40:00+02:30", kMillis, kInstant), 1795572600000);
  EXPECT_EQ(ParseIsoTimestamp("2026-11-24T23:10:00-0300", kMillis, kInstant), 1795572600000);
  EXPECT_EQ(ParseIsoTimestamp("1970-01-01T00:00:00Z", kMicros, kInstant), 0);
  EXPECT_EQ(ParseIsoTimestamp("1969-12-31T23:59:59.999Z", kMillis, kInstant), -1);
  EXPECT_EQ(ParseIsoTimestamp("0000-01-01T00:00:00Z", kMillis, kInstant), -62167219200000);
  EXPECT_EQ(ParseIsoTimestamp("9999-12-31T23:59:59.999999Z", kMicros, kInstant),
            253402300799999999);
}

TEST(LogicalValueText, ParsesFractionsUpToTheUnitAndZerosBeyond) {
  EXPECT_EQ(ParseIsoTimestamp("1970-01-01T00:00:00.5Z", kMillis, kInstant), 500);
  EXPECT_EQ(ParseIsoTimestamp("1970-01-01T00:00:00.123456Z", kMicros, kInstant), 123456);
  EXPECT_EQ(ParseIsoTimestamp("1970-01-01T00:00:00.123000000Z", kMillis, kInstant), 123);
  EXPECT_EQ(ParseIsoTimestamp("1970-01-01T00:00:00.1234Z", kMillis, kInstant), std::nullopt);
  EXPECT_EQ(ParseIsoTimestamp("1970-01-01T00:00:00.1234567890Z", kMicros, kInstant),
            std::nullopt);
  EXPECT_EQ(ParseIsoTimestamp("1970-01-01T00:00:00.Z", kMillis, kInstant), std::nullopt);
}

TEST(LogicalValueText, InstantsNeedAnOffsetAndLocalTimestampsRefuseOne) {
  EXPECT_EQ(ParseIsoTimestamp("2026-11-25T02:10:00", kMillis, kInstant), std::nullopt);
  EXPECT_EQ(ParseIsoTimestamp("2026-11-25T02:10:00", kMillis, kLocal), 1795572600000);
  EXPECT_EQ(ParseIsoTimestamp("2026-11-25T02:10:00Z", kMillis, kLocal), std::nullopt);
}

TEST(LogicalValueText, RefusesImpossibleDatesAndTimes) {
  for (const char* text :
       {"2026-02-29T00:00:00Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z",
        "2026-01-32T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01T23:60:00Z",
        "2026-01-01T23:59:60Z", "2026-01-01T00:00:00+24:00", "26-01-01T00:00:00Z", "2026-01-01",
        "2026-01-01T00:00Z", "", "x"}) {
    EXPECT_EQ(ParseIsoTimestamp(text, kMillis, kInstant), std::nullopt) << text;
  }
  EXPECT_EQ(ParseIsoTimestamp("2024-02-29T00:00:00Z", kMillis, kInstant), 1709164800000);
}

TEST(LogicalValueText, ParsesDatesAndTimesOfDay) {
  EXPECT_EQ(ParseIsoDate("1970-01-01"), 0);
  EXPECT_EQ(ParseIsoDate("2026-11-25"), 20782);
  EXPECT_EQ(ParseIsoDate("1969-12-31"), -1);
  EXPECT_EQ(ParseIsoDate("2026-11-25T00:00:00Z"), std::nullopt);
  EXPECT_EQ(ParseTimeOfDay("02:10:00.5", kMillis), 7800500);
  EXPECT_EQ(ParseTimeOfDay("23:59:59.999999", kMicros), 86399999999);
  EXPECT_EQ(ParseTimeOfDay("2:10:00", kMillis), std::nullopt);
}

TEST(LogicalValueText, RecognisesUuidsOfEitherCase) {
  EXPECT_TRUE(IsUuid("123e4567-e89b-12d3-a456-426614174000"));
  EXPECT_TRUE(IsUuid("123E4567-E89B-12D3-A456-426614174000"));
  EXPECT_FALSE(IsUuid("123e4567e89b12d3a456426614174000"));
  EXPECT_FALSE(IsUuid("123e4567-e89b-12d3-a456-42661417400g"));
  EXPECT_FALSE(IsUuid("{123e4567-e89b-12d3-a456-426614174000}"));
}

std::string Timestamp(int64_t v, TimeUnit unit, TimestampKind kind) {
  std::string out;
  return AppendIsoTimestamp(v, unit, kind, out) ? out : "<none>";
}

TEST(LogicalValueText, FormatsTimestampsWithTheFractionOnlyWhenThereIsOne) {
  EXPECT_EQ(Timestamp(1795572600000, kMillis, kInstant), "2026-11-25T02:10:00Z");
  EXPECT_EQ(Timestamp(1795572600250, kMillis, kInstant), "2026-11-25T02:10:00.250Z");
  EXPECT_EQ(Timestamp(-1, kMicros, kInstant), "1969-12-31T23:59:59.999999Z");
  EXPECT_EQ(Timestamp(1795572600000, kMillis, kLocal), "2026-11-25T02:10:00");
  EXPECT_EQ(Timestamp(253402300800000, kMillis, kInstant), "<none>");  // year 10000
  EXPECT_EQ(Timestamp(INT64_MIN, kMicros, kInstant), "<none>");
}

TEST(LogicalValueText, FormatsDatesAndTimesOfDayInRange) {
  std::string out;
  EXPECT_TRUE(AppendIsoDate(20782, out));
  EXPECT_EQ(out, "2026-11-25");
  out.clear();
  EXPECT_TRUE(AppendTimeOfDay(7800500, kMillis, out));
  EXPECT_EQ(out, "02:10:00.500");
  EXPECT_FALSE(AppendTimeOfDay(-1, kMillis, out));
  EXPECT_FALSE(AppendTimeOfDay(86400000, kMillis, out));
  EXPECT_FALSE(AppendIsoDate(INT32_MAX, out));
}

TEST(LogicalValueText, TimestampsRoundTripThroughText) {
  for (int64_t v : {int64_t{0}, int64_t{-1}, int64_t{1795572600123}, int64_t{-62167219200000},
                    int64_t{253402300799999}}) {
    const std::string text = Timestamp(v, kMillis, kInstant);
    EXPECT_EQ(ParseIsoTimestamp(text, kMillis, kInstant), v) << text;
  }
}

}  // namespace
}  // namespace causeway::codec
