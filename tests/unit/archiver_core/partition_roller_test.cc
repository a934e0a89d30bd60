// PartitionRoller: files per (schema, hour), when they close, and what a commit may take, so that
// every record lands in exactly one committed file however files are cut (issue 13).
#include "archiver/core/partition_roller.h"

#include <gtest/gtest.h>

#include <map>
#include <random>

#include "absl/strings/str_cat.h"

#include "archiver/core/archive_layout.h"
#include "archiver/ledger/archive_ledger.h"

namespace causeway::archiver {
namespace {

const absl::Time kHour = absl::FromUnixSeconds(1795000000 / 3600 * 3600);
const absl::Time kNow = absl::FromUnixSeconds(1800000000);

RollerOptions Small() {
  RollerOptions o;
  o.max_file_bytes = 1000;
  o.max_file_records = 50;
  o.max_file_age = absl::Minutes(15);
  o.hour_grace = absl::Minutes(10);
  o.max_open_files = 3;
  return o;
}

// Closes and uploads a file (test shorthand).
void CloseAndUpload(PartitionRoller& r, FileId id, CloseReason why = CloseReason::kAge) {
  auto closed = r.Close(id, why);
  ASSERT_TRUE(closed.ok()) << closed.status();
  ASSERT_TRUE(r.Uploaded(id, absl::StrCat("key-", id), 10, std::string(64, 'f')).ok());
}

TEST(PartitionRollerTest, OneFilePerSchemaAndHourClosingOnSizeRecordsAgeAndHour) {
  PartitionRoller r(Small(), 100);
  auto a = r.Add(100, 1, kHour + absl::Minutes(1), 400, kNow);
  auto b = r.Add(101, 1, kHour + absl::Minutes(2), 400, kNow);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(*a, *b) << "same schema, same hour: same file";
  EXPECT_TRUE(r.Due(kNow).empty());
  ASSERT_TRUE(r.Add(102, 1, kHour + absl::Minutes(3), 400, kNow).ok());
  auto due = r.Due(kNow);
  ASSERT_EQ(due.size(), 1u);
  EXPECT_EQ(due[0], std::make_pair(*a, CloseReason::kSize));

  PartitionRoller idle(Small(), 0);
  auto f = idle.Add(0, 1, kHour, 10, kNow);
  ASSERT_TRUE(f.ok());
  EXPECT_TRUE(idle.Due(kNow + absl::Minutes(14)).empty());
  EXPECT_EQ(idle.Due(kNow + absl::Minutes(15)),
            (std::vector<std::pair<FileId, CloseReason>>{{*f, CloseReason::kAge}}))
      << "no record needed: the timer's clock closes an idle partition's file";

  PartitionRoller hours(Small(), 0);
  auto h = hours.Add(0, 1, kHour + absl::Minutes(59), 10, kNow);
  ASSERT_TRUE(hours.Add(1, 1, kHour + absl::Minutes(65), 10, kNow).ok());
  EXPECT_TRUE(hours.Due(kNow).empty()) << "within the grace after the hour";
  ASSERT_TRUE(hours.Add(2, 1, kHour + absl::Minutes(70), 10, kNow).ok());
  EXPECT_EQ(hours.Due(kNow), (std::vector<std::pair<FileId, CloseReason>>{{*h, CloseReason::kHour}}));

  PartitionRoller many(Small(), 0);
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(many.Add(i, 1, kHour, 1, kNow).ok());
  ASSERT_EQ(many.Due(kNow).size(), 1u);
  EXPECT_EQ(many.Due(kNow)[0].second, CloseReason::kRecords);
  EXPECT_STREQ(CloseReasonName(CloseReason::kRecords), "records");
}

TEST(PartitionRollerTest, ASchemaChangeMidHourOpensASecondFileAndTheCommitWaitsForBoth) {
  PartitionRoller r(Small(), 0);
  auto v1 = r.Add(0, 1, kHour, 10, kNow);
  auto v2 = r.Add(1, 2, kHour, 10, kNow);
  ASSERT_TRUE(r.Add(2, 1, kHour, 10, kNow).ok());
  ASSERT_TRUE(v1.ok() && v2.ok());
  EXPECT_NE(*v1, *v2);
  EXPECT_EQ(r.open_files(), 2u);
  CloseAndUpload(r, *v2);
  EXPECT_FALSE(r.PlanCommit().has_value()) << "v1 (offsets 0 and 2) is still open";
  CloseAndUpload(r, *v1);
  auto plan = r.PlanCommit();
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(plan->next_offset, 3);
  ASSERT_EQ(plan->files.size(), 2u);
  r.Committed(*plan);
  EXPECT_EQ(r.committed_offset(), 3);
  EXPECT_EQ(r.files(), 0u);
  EXPECT_FALSE(r.PlanCommit().has_value());
}

TEST(PartitionRollerTest, AFileStraddlingAnOpenOneWaitsAndLowersTheCommit) {
  PartitionRoller r(Small(), 0);
  auto early = r.Add(0, 1, kHour, 10, kNow);       // schema 1: 0..4
  for (int o = 1; o < 5; ++o) ASSERT_TRUE(r.Add(o, 1, kHour, 10, kNow).ok());
  auto mid = r.Add(5, 2, kHour, 10, kNow);         // schema 2: 5, 7
  auto other = r.Add(6, 3, kHour, 10, kNow);       // schema 3: 6 (stays open)
  ASSERT_TRUE(r.Add(7, 2, kHour, 10, kNow).ok());
  ASSERT_TRUE(early.ok() && mid.ok() && other.ok());
  CloseAndUpload(r, *early);
  CloseAndUpload(r, *mid);
  auto plan = r.PlanCommit();
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(plan->next_offset, 5) << "schema 3's open file holds 6, and schema 2's file straddles it";
  ASSERT_EQ(plan->files.size(), 1u);
  EXPECT_EQ(plan->files[0].id, *early);
  r.Committed(*plan);
  CloseAndUpload(r, *other);
  plan = r.PlanCommit();
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(plan->next_offset, 8);
  EXPECT_EQ(plan->files.size(), 2u);
}

TEST(PartitionRollerTest, LateRecordsOpenAFileOfTheirHourMarkedLate) {
  PartitionRoller r(Small(), 0);
  auto first = r.Add(0, 1, kHour, 10, kNow);
  ASSERT_TRUE(r.Add(1, 1, kHour + absl::Minutes(80), 10, kNow).ok());
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(r.Close(*first, CloseReason::kHour).ok());
  auto late = r.Add(2, 1, kHour + absl::Minutes(30), 10, kNow);
  ASSERT_TRUE(late.ok());
  EXPECT_NE(*late, *first);
  auto closed = r.Close(*late, CloseReason::kAge);
  ASSERT_TRUE(closed.ok());
  EXPECT_TRUE(closed->late);
  EXPECT_EQ(closed->hour, kHour);
  EXPECT_EQ(closed->first_offset, 2);
}

TEST(PartitionRollerTest, TooManyOpenFilesAreRefusedUntilTheOldestCloses) {
  PartitionRoller r(Small(), 0);
  for (int s = 1; s <= 3; ++s) ASSERT_TRUE(r.Add(s - 1, s, kHour, 10, kNow).ok());
  auto refused = r.Add(3, 4, kHour, 10, kNow);
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_EQ(r.next_read(), 3) << "nothing placed";
  auto oldest = r.OldestOpen();
  ASSERT_TRUE(oldest.has_value());
  ASSERT_TRUE(r.Close(*oldest, CloseReason::kSize).ok());
  EXPECT_TRUE(r.Add(3, 4, kHour, 10, kNow).ok());
  EXPECT_EQ(r.Add(3, 4, kHour, 10, kNow).status().code(), absl::StatusCode::kFailedPrecondition)
      << "an offset placed already";
  EXPECT_EQ(r.Close(*oldest, CloseReason::kSize).status().code(), absl::StatusCode::kNotFound);
}

TEST(PartitionRollerTest, GapsGoIntoTheCommitThatPassesThem) {
  PartitionRoller r(Small(), 10);
  auto f = r.Add(10, 1, kHour, 10, kNow);
  r.Gap(20);  // retention took 11..19
  ASSERT_TRUE(r.Add(20, 1, kHour, 10, kNow).ok());
  ASSERT_TRUE(f.ok());
  CloseAndUpload(r, *f);
  auto plan = r.PlanCommit();
  ASSERT_TRUE(plan.has_value());
  EXPECT_EQ(plan->next_offset, 21);
  ASSERT_EQ(plan->gaps.size(), 1u);
  EXPECT_EQ(plan->gaps[0].from_offset, 11);
  EXPECT_EQ(plan->gaps[0].to_offset, 20);
}

// Random schemas, hours, gaps, closes, uploads and commits: every offset read is in exactly one
// committed file or one gap, and every plan passes the ledger's CheckCommit.
TEST(PartitionRollerTest, EveryRecordIsInExactlyOneCommittedFileWhateverTheCuts) {
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    std::mt19937 rng(seed);
    PartitionRoller r(Small(), 0);
    std::map<int64_t, int> covered;  // offset -> times committed (files) or gapped
    std::vector<FileId> closed;
    absl::Time now = kNow;
    int64_t offset = 0;
    ArchiveLease lease{PartitionRef{"z", "c", "t", 0}, 1, 0};
    auto commit = [&] {
      auto plan = r.PlanCommit();
      if (!plan) return;
      std::vector<ArchivedFile> files;
      for (const RolledFile& f : plan->files) {
        ArchivedFile a;
        a.object_key = f.object_key;
        a.first_offset = f.first_offset;
        a.last_offset = f.last_offset;
        a.records = f.records;
        a.bytes = f.object_bytes;
        a.sha256 = f.sha256;
        files.push_back(a);
      }
      std::vector<ArchiveGap> gaps;
      for (const RolledGap& g : plan->gaps) gaps.push_back({g.from_offset, g.to_offset});
      ASSERT_TRUE(CheckCommit(lease, files, gaps, plan->next_offset).ok())
          << "seed " << seed << ": " << CheckCommit(lease, files, gaps, plan->next_offset);
      lease.next_offset = plan->next_offset;
      r.Committed(*plan);
    };
    std::map<FileId, std::vector<int64_t>> records;  // what each file holds
    for (int step = 0; step < 400; ++step) {
      const int what = static_cast<int>(rng() % 10);
      if (what < 6) {
        const int32_t schema = 1 + static_cast<int32_t>(rng() % 3);
        const absl::Time ts = kHour + absl::Minutes(static_cast<int>(step / 4 + rng() % 20));
        auto id = r.Add(offset, schema, ts, 1 + rng() % 100, now);
        if (absl::IsResourceExhausted(id.status())) {
          auto oldest = r.OldestOpen();
          ASSERT_TRUE(oldest.has_value());
          ASSERT_TRUE(r.Close(*oldest, CloseReason::kSize).ok());
          closed.push_back(*oldest);
          continue;
        }
        ASSERT_TRUE(id.ok()) << id.status();
        records[*id].push_back(offset);
        ++offset;
      } else if (what == 6) {
        const int64_t to = offset + 1 + static_cast<int64_t>(rng() % 5);
        r.Gap(to);
        for (int64_t o = offset; o < to; ++o) covered[o] = -1000;  // marker: in a gap
        offset = to;
      } else if (what == 7) {
        now += absl::Minutes(static_cast<int>(rng() % 10));
        for (auto [id, why] : r.Due(now)) {
          ASSERT_TRUE(r.Close(id, why).ok());
          closed.push_back(id);
        }
      } else if (what == 8 && !closed.empty()) {
        const size_t i = rng() % closed.size();
        const FileId id = closed[i];
        closed.erase(closed.begin() + static_cast<ptrdiff_t>(i));
        ASSERT_TRUE(r.Uploaded(id, absl::StrCat("k", id), 10, std::string(64, 'e')).ok());
      } else {
        commit();
      }
    }
    // Shut down: everything closes, uploads and commits.
    for (const RolledFile& f : r.CloseAll(CloseReason::kShutdown)) closed.push_back(f.id);
    for (FileId id : closed) {
      ASSERT_TRUE(r.Uploaded(id, absl::StrCat("k", id), 10, std::string(64, 'e')).ok());
    }
    commit();
    EXPECT_EQ(r.committed_offset(), offset) << "seed " << seed;
    EXPECT_EQ(r.files(), 0u) << "seed " << seed;
    // Count coverage from the files' own records (a gap marker stays negative).
    for (const auto& [id, offsets] : records) {
      for (int64_t o : offsets) covered[o] += 1;
    }
    for (int64_t o = 0; o < offset; ++o) {
      const int c = covered.count(o) ? covered[o] : 0;
      EXPECT_TRUE(c == 1 || c == -1000) << "seed " << seed << ": offset " << o << " in " << c;
    }
  }
}

}  // namespace
}  // namespace causeway::archiver
