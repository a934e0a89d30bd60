// causeway-archiver (ArchiverApp, as main runs it) on the real servers (archiver_fixture.h):
// events published through the gateway to an archived zone end in committed Avro files, each event
// exactly once (counted by event id from the files, read back with Avro C); a restarted archiver
// resumes where the ledger says; Kafka's committed offsets follow for lag tools; a zone turned
// unarchived stops being read.
#include "archiver_fixture.h"

namespace causeway::testing {
namespace {

TEST_F(ArchiverTest, PublishedEventsEndInCommittedFilesExactlyOnceAcrossARestart) {
  const std::vector<std::string> first = PublishPeople(300);
  StartArchiver();
  ASSERT_TRUE(WaitForCommitted(300)) << "committed " << Committed();
  archiver_->Stop();
  const av::ClusterArchiverStats st = archiver_->Stats();
  EXPECT_EQ(st.records, 300);
  EXPECT_GE(st.files_committed, 3) << "3 partitions";
  archiver_.reset();

  // A new archiver resumes where the ledger says: the next events once, the first ones not again.
  const std::vector<std::string> second = PublishPeople(200, 5, "q");
  StartArchiver();
  ASSERT_TRUE(WaitForCommitted(500)) << "committed " << Committed();
  archiver_->Stop();
  std::vector<std::string> all = first;
  all.insert(all.end(), second.begin(), second.end());
  ExpectExactlyOnce(all);
  EXPECT_TRUE(std::filesystem::is_empty(dir_ + "/spool")) << "committed spools are removed";

  // Kafka's committed offsets of the group follow the ledger (lag tools see no lag).
  EXPECT_EQ(KafkaCommitted("causeway-archiver." + ns_), 500);
}

TEST_F(ArchiverTest, AZoneTurnedUnarchivedIsNoLongerRead) {
  PublishPeople(60);
  StartArchiver();
  ASSERT_TRUE(WaitForCommitted(60)) << "committed " << Committed();
  SetArchived(false);
  ASSERT_TRUE(archiver_->follower().WaitForRevision(topology_->hub().revision(), absl::Seconds(20)));
  const absl::Time until = absl::Now() + absl::Seconds(30);
  while (archiver_->Stats().partitions > 0 && absl::Now() < until) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(archiver_->Stats().partitions, 0);
  PublishPeople(40, 5, "late");
  absl::SleepFor(absl::Seconds(3));  // more than a file's age: nothing more is archived
  EXPECT_EQ(Committed(), 60);
}

}  // namespace
}  // namespace causeway::testing
