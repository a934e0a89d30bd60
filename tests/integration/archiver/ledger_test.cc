// The archive ledger (services/archiver/ledger) against a real PostgreSQL with the project's
// migrations: claims bump the generation and fence earlier writers, commits advance next_offset
// only from the value the lease expects and insert the files' manifest rows atomically, gaps are
// kept, and the queries the archiver's ListArchiveFiles and orphan collection use answer from it.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "archiver/ledger/pg_archive_ledger.h"
#include "support/test_database.h"

namespace causeway::testing {
namespace {

using archiver::ArchivedFile;
using archiver::ArchiveGap;
using archiver::ArchiveLease;
using archiver::FileQuery;
using archiver::PartitionRef;
using archiver::PgArchiveLedger;

const absl::Time kHour = absl::FromUnixSeconds(1795000000 / 3600 * 3600);

PartitionRef Partition(int32_t p = 0) { return PartitionRef{"eu", "eu-1", "mfp.person", p}; }

ArchivedFile File(const std::string& key, int64_t first, int64_t last, int32_t schema = 1,
                  absl::Time hour = kHour) {
  ArchivedFile f;
  f.object_key = key;
  f.namespace_name = "mfp";
  f.event_type = "Person";
  f.schema_id = schema;
  f.hour = hour;
  f.first_offset = first;
  f.last_offset = last;
  f.records = last - first + 1;
  f.bytes = 100 * f.records;
  f.sha256 = std::string(64, 'a');
  f.min_timestamp = hour + absl::Seconds(1);
  f.max_timestamp = hour + absl::Seconds(59);
  return f;
}

class ArchiveLedgerTest : public ::testing::Test {
 protected:
  TestDatabase db_;
  PgArchiveLedger ledger_{db_.dsn()};
};

TEST_F(ArchiveLedgerTest, AClaimStartsWhereAskedOnceThenWhereArchivingStopped) {
  auto first = ledger_.Claim(Partition(), 42);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->generation, 1);
  EXPECT_EQ(first->next_offset, 42);
  auto committed = ledger_.Commit(*first, {File("k1", 42, 99)}, {}, 100);
  ASSERT_TRUE(committed.ok()) << committed.status();
  EXPECT_EQ(committed->next_offset, 100);

  // The next assignment resumes at 100 whatever start it asks for, with a new generation.
  auto again = ledger_.Claim(Partition(), 0);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->generation, 2);
  EXPECT_EQ(again->next_offset, 100);
  auto other = ledger_.Claim(Partition(1), 7);
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(other->generation, 1) << "generations are per partition";
  EXPECT_EQ(other->next_offset, 7);
}

TEST_F(ArchiveLedgerTest, AWriterWhosePartitionWasClaimedAgainIsFencedAndCommitsNothing) {
  auto zombie = ledger_.Claim(Partition(), 0);
  ASSERT_TRUE(zombie.ok());
  auto current = ledger_.Claim(Partition(), 0);
  ASSERT_TRUE(current.ok());

  auto fenced = ledger_.Commit(*zombie, {File("zombie-file", 0, 9)}, {}, 10);
  EXPECT_EQ(fenced.status().code(), absl::StatusCode::kAborted) << fenced.status();
  EXPECT_TRUE(absl::StrContains(fenced.status().message(), "fenced: partition eu/eu-1/mfp.person/0 "
                                                           "is at generation 2, this writer holds 1"))
      << fenced.status();
  auto keys = ledger_.CommittedKeys({"zombie-file"});
  ASSERT_TRUE(keys.ok());
  EXPECT_TRUE(keys->empty()) << "the fenced commit inserted no manifest row";

  auto ok = ledger_.Commit(*current, {File("current-file", 0, 9)}, {}, 10);
  ASSERT_TRUE(ok.ok()) << ok.status();
  // The same lease twice: the second expects next_offset 0, which moved.
  auto raced = ledger_.Commit(*current, {File("again-file", 0, 9)}, {}, 10);
  EXPECT_EQ(raced.status().code(), absl::StatusCode::kAborted) << raced.status();
  EXPECT_TRUE(absl::StrContains(raced.status().message(), "archived up to offset 10, not 0"))
      << raced.status();
}

TEST_F(ArchiveLedgerTest, ConcurrentClaimsGetDistinctGenerations) {
  constexpr int kClaims = 16;
  std::vector<int64_t> generations(kClaims);
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < kClaims; ++i) {
    threads.emplace_back([&, i] {
      PgArchiveLedger own(db_.dsn(), 1);
      auto lease = own.Claim(Partition(), 0);
      if (!lease.ok()) {
        ++failures;
        return;
      }
      generations[i] = lease->generation;
    });
  }
  for (auto& t : threads) t.join();
  ASSERT_EQ(failures.load(), 0);
  std::sort(generations.begin(), generations.end());
  for (int i = 0; i < kClaims; ++i) EXPECT_EQ(generations[i], i + 1);
}

TEST_F(ArchiveLedgerTest, ACommitIsAllOrNothing) {
  auto lease = ledger_.Claim(Partition(), 0);
  ASSERT_TRUE(lease.ok());
  ASSERT_TRUE(ledger_.Commit(*lease, {File("taken", 0, 4)}, {}, 5).ok());
  lease = ledger_.Claim(Partition(), 0);
  ASSERT_TRUE(lease.ok());
  // The second file's key is committed already: nothing of this commit stays.
  auto dup = ledger_.Commit(*lease, {File("fresh", 5, 6), File("taken", 7, 9)}, {}, 10);
  EXPECT_EQ(dup.status().code(), absl::StatusCode::kAlreadyExists) << dup.status();
  auto keys = ledger_.CommittedKeys({"fresh", "taken"});
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(*keys, (std::set<std::string>{"taken"}));
  auto resumed = ledger_.Claim(Partition(), 0);
  ASSERT_TRUE(resumed.ok());
  EXPECT_EQ(resumed->next_offset, 5) << "next_offset did not move";
}

TEST_F(ArchiveLedgerTest, CommitsThatCanNeverBeRightAreInvalidWithTheirPath) {
  auto lease = ledger_.Claim(Partition(), 10);
  ASSERT_TRUE(lease.ok());
  struct Case {
    const char* what;
    std::vector<ArchivedFile> files;
    std::vector<ArchiveGap> gaps;
    int64_t next;
    std::string message;
  };
  ArchivedFile no_sha = File("a", 10, 11);
  no_sha.sha256 = "abc";
  ArchivedFile backwards = File("b", 12, 11);
  backwards.records = 1;
  backwards.bytes = 100;
  const std::vector<Case> cases = {
      {"before the lease", {File("c", 5, 12)}, {}, 20, "files[0]: offsets 5..12 are outside [10, 20)"},
      {"past next_offset", {File("d", 10, 20)}, {}, 20, "files[0]: offsets 10..20 are outside [10, 20)"},
      {"backwards", {}, {}, 9, "next_offset: 9 is before the lease's 10"},
      {"bad sha", {no_sha}, {}, 20, "files[0].sha256: expected 64 hex digits"},
      {"first after last", {backwards}, {}, 20, "files[0].first_offset: 12 is after last_offset 11"},
      {"empty gap", {}, {ArchiveGap{12, 12}}, 20, "gaps[0]: empty range [12, 12)"},
      {"gap outside", {}, {ArchiveGap{15, 25}}, 20, "gaps[0]: [15, 25) is outside [10, 20)"},
  };
  for (const Case& c : cases) {
    auto r = ledger_.Commit(*lease, c.files, c.gaps, c.next);
    EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << c.what << ": " << r.status();
    EXPECT_TRUE(absl::StrContains(r.status().message(), c.message)) << c.what << ": " << r.status();
  }
  auto unclaimed = ledger_.Commit(ArchiveLease{Partition(9), 1, 0}, {}, {}, 0);
  EXPECT_EQ(unclaimed.status().code(), absl::StatusCode::kFailedPrecondition) << unclaimed.status();
}

TEST_F(ArchiveLedgerTest, InterleavedFilesAndGapsAreKeptAndListedByZoneTypeAndHour) {
  auto lease = ledger_.Claim(Partition(), 0);
  ASSERT_TRUE(lease.ok());
  // A schema change mid-hour: two files of the same hour whose offsets interleave, and a gap
  // retention made before the archiver read it.
  ArchivedFile v1 = File("h1-s1", 0, 20, 1);
  v1.records = 15;
  ArchivedFile v2 = File("h1-s2", 5, 14, 2);
  v2.records = 6;
  auto c1 = ledger_.Commit(*lease, {v1, v2}, {ArchiveGap{21, 30}}, 31);
  ASSERT_TRUE(c1.ok()) << c1.status();
  auto c2 = ledger_.Commit(*c1, {File("h2-s2", 31, 40, 2, kHour + absl::Hours(1))}, {}, 41);
  ASSERT_TRUE(c2.ok()) << c2.status();
  auto other_type = ledger_.Claim(PartitionRef{"eu", "eu-1", "mfp.meal", 0}, 0);
  ASSERT_TRUE(other_type.ok());
  ArchivedFile meal = File("meal", 0, 0);
  meal.event_type = "Meal";
  ASSERT_TRUE(ledger_.Commit(*other_type, {meal}, {}, 1).ok());

  FileQuery q;
  q.zone = "eu";
  q.namespace_name = "mfp";
  q.event_type = "Person";
  auto all = ledger_.ListFiles(q);
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].object_key, "h1-s1");
  EXPECT_EQ((*all)[1].object_key, "h1-s2");
  EXPECT_EQ((*all)[2].object_key, "h2-s2");
  const ArchivedFile& back = (*all)[1];
  EXPECT_EQ(back.partition.cluster, "eu-1");
  EXPECT_EQ(back.partition.topic, "mfp.person");
  EXPECT_EQ(back.schema_id, 2);
  EXPECT_EQ(back.hour, kHour);
  EXPECT_EQ(back.records, 6);
  EXPECT_EQ(back.min_timestamp, kHour + absl::Seconds(1));
  EXPECT_EQ(back.max_timestamp, kHour + absl::Seconds(59));
  EXPECT_EQ(back.generation, 1);

  q.since = kHour + absl::Minutes(30);
  auto later = ledger_.ListFiles(q);
  ASSERT_TRUE(later.ok());
  ASSERT_EQ(later->size(), 1u);
  EXPECT_EQ((*later)[0].object_key, "h2-s2");
  q = FileQuery{};
  q.zone = "eu";
  q.namespace_name = "mfp";
  auto namespace_wide = ledger_.ListFiles(q);
  ASSERT_TRUE(namespace_wide.ok());
  EXPECT_EQ(namespace_wide->size(), 4u);
  q.limit = 0;
  EXPECT_EQ(ledger_.ListFiles(q).status().code(), absl::StatusCode::kInvalidArgument);
  q = FileQuery{};
  q.zone = "eu";
  q.event_type = "Person";
  EXPECT_EQ(ledger_.ListFiles(q).status().code(), absl::StatusCode::kInvalidArgument);

  auto gaps = ledger_.ListGaps(Partition());
  ASSERT_TRUE(gaps.ok());
  ASSERT_EQ(gaps->size(), 1u);
  EXPECT_EQ((*gaps)[0].from_offset, 21);
  EXPECT_EQ((*gaps)[0].to_offset, 30);

  auto keys = ledger_.CommittedKeys({"h1-s1", "orphan", "meal"});
  ASSERT_TRUE(keys.ok());
  EXPECT_EQ(*keys, (std::set<std::string>{"h1-s1", "meal"}));
}

TEST_F(ArchiveLedgerTest, AnUnreachableDatabaseIsUnavailable) {
  PgArchiveLedger nowhere("postgresql://postgres@127.0.0.1:1/nothing?connect_timeout=2", 1);
  auto lease = nowhere.Claim(Partition(), 0);
  EXPECT_EQ(lease.status().code(), absl::StatusCode::kUnavailable) << lease.status();
}

}  // namespace
}  // namespace causeway::testing
