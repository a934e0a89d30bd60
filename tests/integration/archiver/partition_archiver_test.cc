// PartitionArchiver against the real PostgreSQL ledger and a LocalStore in a temp folder: records
// of two schemas and two hours become committed files, read back with Avro C (an independent
// reader) holding every offset exactly once; a fenced writer commits nothing and its files stay
// orphans; a failing store delays the commit and loses nothing; an idle partition's file closes by
// age.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "archiver/ledger/pg_archive_ledger.h"
#include "archiver/server/orphan_collector.h"
#include "archiver/server/partition_archiver.h"
#include "archiver/storage/local_store.h"
#include "avro_read_back.h"
#include "support/forwarding_store.h"
#include "support/test_database.h"

namespace causeway::testing {
namespace {

using namespace ::causeway::archiver;  // NOLINT: the module under test

const absl::Time kHour = absl::FromUnixSeconds(1795000000 / 3600 * 3600);
const absl::Time kNow = absl::FromUnixSeconds(1800000000);

constexpr char kPersonV1[] =
    R"({"type":"record","name":"Person","fields":[{"name":"name","type":"string"}]})";
constexpr char kPersonV2[] =
    R"({"type":"record","name":"Person","fields":[{"name":"name","type":"string"},)"
    R"({"name":"age","type":"int","default":0}]})";

// An Avro string: zigzag length then bytes (names here are short: one length byte).
std::string AvroString(const std::string& s) { return std::string(1, static_cast<char>(s.size() * 2)) + s; }

// A store whose next `failures` Puts fail as an S3 503 would, then the real LocalStore.
class FlakyStore : public ForwardingStore {
 public:
  using ForwardingStore::ForwardingStore;
  int failures = 0;
  absl::Status Put(absl::string_view key, absl::string_view bytes, const PutOptions& o) override {
    if (failures > 0) {
      --failures;
      return absl::UnavailableError("injected: 503 SlowDown");
    }
    return ForwardingStore::Put(key, bytes, o);
  }
};

int64_t Closed(const PartitionArchiverStats& st, CloseReason reason) {
  auto it = st.closed.find(reason);
  return it == st.closed.end() ? 0 : it->second;
}

class PartitionArchiverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/causeway-archiver-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir_ = tmpl;
    std::filesystem::create_directories(dir_ + "/spool");
    auto store = LocalStore::Open(dir_ + "/store");
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
    config_.zone = "eu";
    config_.spool_dir = dir_ + "/spool";
    config_.roller.max_file_records = 40;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  ArchiveSchema Schema(int32_t id) const {
    return ArchiveSchema{id, "mfp", "Person", id == 1 ? kPersonV1 : kPersonV2};
  }
  kafka::ConsumedRecord Record(int64_t offset, absl::Time ts) const {
    kafka::ConsumedRecord r;
    r.topic = partition_.topic;
    r.partition = partition_.partition;
    r.offset = offset;
    r.timestamp_ms = absl::ToUnixMillis(ts);
    r.key = absl::StrCat("k", offset);
    r.headers = {{"causeway-event-id", absl::StrCat("e", offset)}};
    return r;
  }
  // Adds offsets [from, to): schema 2 for every third record; from 60 on, records of the next hour
  // past its grace (75 minutes after kHour), so the first hour's files close by event time.
  void AddRange(PartitionArchiver& a, int64_t from, int64_t to) {
    for (int64_t o = from; o < to; ++o) {
      const int32_t schema = o % 3 == 2 ? 2 : 1;
      const absl::Time ts = kHour + absl::Minutes(o < 60 ? 1 : 75) + absl::Seconds(o);
      std::string body = AvroString(absl::StrCat("p", o));
      if (schema == 2) body += std::string(1, static_cast<char>(2 * (o % 60)));  // age
      ASSERT_TRUE(a.Add(Record(o, ts), Schema(schema), body, kNow).ok()) << o;
    }
  }
  // offset -> how many committed files hold it, from the files themselves (Avro C).
  std::map<int64_t, int> CommittedOffsets() {
    std::map<int64_t, int> seen;
    FileQuery q;
    q.zone = "eu";
    auto files = ledger_.ListFiles(q);
    EXPECT_TRUE(files.ok()) << files.status();
    for (const ArchivedFile& f : *files) {
      const std::string path = dir_ + "/store/" + f.object_key;
      const int64_t count = ReadAvroFile(path, [&](avro_value_t* value) {
        avro_value_t field;
        int64_t offset = -1;
        avro_value_get_by_name(value, "offset", &field, nullptr);
        avro_value_get_long(&field, &offset);
        int32_t schema_id = 0;
        avro_value_get_by_name(value, "schema_id", &field, nullptr);
        avro_value_get_int(&field, &schema_id);
        EXPECT_EQ(schema_id, f.schema_id) << path;
        EXPECT_TRUE(offset >= f.first_offset && offset <= f.last_offset) << path << " " << offset;
        ++seen[offset];
      });
      EXPECT_EQ(count, f.records) << path;
      EXPECT_EQ(static_cast<int64_t>(std::filesystem::file_size(path)), f.bytes) << path;
    }
    return seen;
  }

  TestDatabase db_;
  PgArchiveLedger ledger_{db_.dsn()};
  std::string dir_;
  std::unique_ptr<LocalStore> store_;
  PartitionArchiverConfig config_;
  PartitionRef partition_{"eu", "eu-1", "mfp.person", 0};
};

TEST_F(PartitionArchiverTest, RecordsOfTwoSchemasAndTwoHoursAreCommittedExactlyOnce) {
  auto a = PartitionArchiver::Start(config_, store_.get(), &ledger_, partition_, 0);
  ASSERT_TRUE(a.ok()) << a.status();
  EXPECT_EQ((*a)->start_offset(), 0);
  AddRange(**a, 0, 120);
  ASSERT_TRUE((*a)->Tick(kNow).ok());
  ASSERT_TRUE((*a)->Finish(CloseReason::kShutdown).ok());
  EXPECT_EQ((*a)->committed_offset(), 120);
  const std::map<int64_t, int> seen = CommittedOffsets();
  ASSERT_EQ(seen.size(), 120u);
  for (const auto& [offset, n] : seen) EXPECT_EQ(n, 1) << offset;
  const PartitionArchiverStats& st = (*a)->stats();
  EXPECT_EQ(st.records, 120);
  EXPECT_GE(Closed(st, CloseReason::kRecords), 1) << "40 records per file at most";
  EXPECT_GE(Closed(st, CloseReason::kHour), 1) << "the first hour's files closed by event time";
  EXPECT_GE(st.files_committed, 4) << "2 schemas x 2 hours at least";
  EXPECT_TRUE(std::filesystem::is_empty(dir_ + "/spool")) << "committed spools are removed";

  // The next claim resumes after what was committed.
  auto next = PartitionArchiver::Start(config_, store_.get(), &ledger_, partition_, 0);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ((*next)->start_offset(), 120);
  EXPECT_EQ((*next)->generation(), 2);
}

TEST_F(PartitionArchiverTest, AFencedWriterCommitsNothingAndTheNewOneArchivesEverything) {
  auto zombie = PartitionArchiver::Start(config_, store_.get(), &ledger_, partition_, 0);
  ASSERT_TRUE(zombie.ok());
  AddRange(**zombie, 0, 50);
  auto owner = PartitionArchiver::Start(config_, store_.get(), &ledger_, partition_, 0);
  ASSERT_TRUE(owner.ok());
  const absl::Status fenced = (*zombie)->Finish(CloseReason::kRevoke);
  EXPECT_EQ(fenced.code(), absl::StatusCode::kAborted) << fenced;
  EXPECT_TRUE(CommittedOffsets().empty());

  AddRange(**owner, 0, 50);
  ASSERT_TRUE((*owner)->Finish(CloseReason::kShutdown).ok());
  const std::map<int64_t, int> seen = CommittedOffsets();
  ASSERT_EQ(seen.size(), 50u);
  for (const auto& [offset, n] : seen) EXPECT_EQ(n, 1) << offset;
  // The zombie's uploads are in the store but not committed: orphans for collection.
  auto page = store_->List("eu/", "", 1000);
  ASSERT_TRUE(page.ok());
  std::vector<std::string> keys;
  for (const auto& o : page->objects) keys.push_back(o.key);
  auto committed = ledger_.CommittedKeys(keys);
  ASSERT_TRUE(committed.ok());
  EXPECT_GT(keys.size(), committed->size()) << "the fenced generation's files are orphans";
  for (const std::string& k : keys) {
    if (committed->count(k) == 0) {
      EXPECT_TRUE(absl::StrContains(k, "+g1.avro")) << k;
    }
  }

  // Orphan collection: nothing younger than the grace is touched (a live writer may be about to
  // commit it); past it, the fenced generation's files go, committed ones and foreign keys stay.
  ASSERT_TRUE(store_->Put("eu/README", "not an archive file", {}).ok());
  auto upload = store_->CreateMultipartUpload("eu/mfp/Person/dt=2026-11-20/hr=10/stale.avro");
  ASSERT_TRUE(upload.ok()) << upload.status();
  auto young = CollectOrphans(*store_, ledger_, "", "eu", absl::Hours(1), absl::Now());
  ASSERT_TRUE(young.ok()) << young.status();
  EXPECT_EQ(young->deleted, 0);
  EXPECT_EQ(young->uploads_aborted, 0);
  auto swept = CollectOrphans(*store_, ledger_, "", "eu", absl::Hours(1),
                              absl::Now() + absl::Hours(2));
  ASSERT_TRUE(swept.ok()) << swept.status();
  EXPECT_EQ(swept->listed, static_cast<int64_t>(keys.size()));
  EXPECT_EQ(swept->deleted, static_cast<int64_t>(keys.size() - committed->size()));
  EXPECT_EQ(swept->uploads_aborted, 1);
  auto after = store_->List("eu/", "", 1000);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->objects.size(), committed->size() + 1) << "committed files and eu/README";
  EXPECT_EQ(CommittedOffsets().size(), 50u) << "every committed file is still readable";
}

TEST_F(PartitionArchiverTest, AFailingStoreDelaysTheCommitAndLosesNothing) {
  FlakyStore flaky(store_.get());
  auto a = PartitionArchiver::Start(config_, &flaky, &ledger_, partition_, 0);
  ASSERT_TRUE(a.ok());
  AddRange(**a, 0, 30);
  flaky.failures = 100;
  const absl::Status failed = (*a)->Finish(CloseReason::kShutdown);
  EXPECT_EQ(failed.code(), absl::StatusCode::kUnavailable) << failed;
  EXPECT_EQ((*a)->committed_offset(), 0);
  EXPECT_GT((*a)->stats().upload_errors, 0);
  flaky.failures = 0;
  ASSERT_TRUE((*a)->Tick(kNow).ok());
  EXPECT_EQ((*a)->committed_offset(), 30);
  EXPECT_EQ(CommittedOffsets().size(), 30u);
}

TEST_F(PartitionArchiverTest, AnIdlePartitionsFileClosesByAgeAndCommits) {
  auto a = PartitionArchiver::Start(config_, store_.get(), &ledger_, partition_, 500);
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE((*a)->Add(Record(500, kHour), Schema(1), AvroString("only"), kNow).ok());
  ASSERT_TRUE((*a)->Tick(kNow + absl::Minutes(14)).ok());
  EXPECT_EQ((*a)->committed_offset(), 500);
  ASSERT_TRUE((*a)->Tick(kNow + absl::Minutes(15)).ok());
  EXPECT_EQ((*a)->committed_offset(), 501);
  EXPECT_EQ(Closed((*a)->stats(), CloseReason::kAge), 1);
}

}  // namespace
}  // namespace causeway::testing
