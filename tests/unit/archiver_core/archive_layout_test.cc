#include "archiver/core/archive_layout.h"

#include <gtest/gtest.h>

#include "absl/time/civil_time.h"

namespace causeway::archiver {
namespace {

ArchiveFileName Sample() {
  ArchiveFileName n;
  n.zone = "eu";
  n.ns = "mfp";
  n.event_type = "Person";
  n.cluster = "main";
  n.topic = "mfp.person";
  n.partition = 3;
  n.first_offset = 100;
  n.last_offset = 199;
  n.schema_id = 7;
  n.generation = 12;
  n.hour = HourOf(1767225600000 + 5 * 3600 * 1000 + 59 * 60 * 1000);  // 2026-01-01T05:59Z
  return n;
}

TEST(ArchiveLayoutTest, NamesAFileByItsUtcHourAndRoundTrips) {
  auto key = ArchiveFileKey("archive/", Sample());
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(*key,
            "archive/eu/mfp/Person/dt=2026-01-01/hr=05/"
            "main+mfp.person+3+00000000000000000100-00000000000000000199+s7+g12.avro");
  auto parsed = ParseArchiveFileKey("archive", *key);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(*parsed, Sample());

  auto bare = ArchiveFileKey("", Sample());
  ASSERT_TRUE(bare.ok());
  EXPECT_EQ(bare->rfind("eu/mfp/Person/dt=2026-01-01/hr=05/", 0), 0u);
  EXPECT_EQ(*ParseArchiveFileKey("", *bare), Sample());
}

TEST(ArchiveLayoutTest, TheHourIsUtcAndTruncated) {
  absl::Time hour = HourOf(1767225599999);  // 2025-12-31T23:59:59.999Z
  EXPECT_EQ(hour, absl::FromCivil(absl::CivilHour(2025, 12, 31, 23), absl::UTCTimeZone()));
  EXPECT_EQ(HourFolder("/data", "eu", "mfp", "Person", hour),
            "/data/eu/mfp/Person/dt=2025-12-31/hr=23");
  EXPECT_EQ(HourOf(0), absl::UnixEpoch());
}

TEST(ArchiveLayoutTest, OffsetsSortAsKeys) {
  ArchiveFileName a = Sample(), b = Sample();
  a.first_offset = 9;
  a.last_offset = 99;
  b.first_offset = 100;
  b.last_offset = 1000;
  EXPECT_LT(*ArchiveFileKey("", a), *ArchiveFileKey("", b));
  ArchiveFileName max = Sample();
  max.first_offset = max.last_offset = INT64_MAX;
  EXPECT_EQ(*ParseArchiveFileKey("", *ArchiveFileKey("", max)), max);
}

TEST(ArchiveLayoutTest, RefusesBadNamesWithTheFieldNamed) {
  ArchiveFileName n = Sample();
  n.topic = "a+b";
  auto key = ArchiveFileKey("", n);
  EXPECT_EQ(key.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(key.status().message().find("topic"), std::string::npos);
  n = Sample();
  n.last_offset = 1;
  EXPECT_NE(ArchiveFileKey("", n).status().message().find("last_offset"), std::string::npos);
  n = Sample();
  n.zone = "EU/x";
  EXPECT_FALSE(ArchiveFileKey("", n).ok());
}

TEST(ArchiveLayoutTest, ParsingRefusesOtherKeys) {
  const std::string good = *ArchiveFileKey("r", Sample());
  for (const std::string& key : {
           std::string("r/eu/mfp/Person/dt=2026-01-01/hr=05/_SUCCESS"),
           std::string("r/eu/mfp/Person/dt=2026-01-01/hr=05/manifest.json"),
           good + ".tmp",
           std::string("other/") + good.substr(2),
           std::string("r/eu/mfp/Person/dt=2026-02-30/hr=05/") + good.substr(good.rfind('/') + 1),
           std::string("r/eu/mfp/Person/dt=2026-01-01/hr=24/") + good.substr(good.rfind('/') + 1),
           std::string("r/eu/mfp/Person/dt=2026-01-01/hr=05/main+t+1+1-2+s1+g1.avro"),
           std::string("r/eu/mfp/Person/dt=2026-01-01/hr=05/main+t+-1+00000000000000000001-"
                       "00000000000000000002+s1+g1.avro"),
       }) {
    SCOPED_TRACE(key);
    EXPECT_EQ(ParseArchiveFileKey("r", key).status().code(), absl::StatusCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace causeway::archiver
