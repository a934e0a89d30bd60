// The causeway-archiver binary SIGKILLed while it archives (between uploads and commits, with
// files open and spools on disk), then started again: every published event is in exactly one
// committed file, and the orphans the kill left (uploaded, never committed) are collected.
#include <signal.h>

#include <fstream>

#include "archiver/server/orphan_collector.h"
#include "archiver/storage/local_store.h"
#include "archiver_fixture.h"
#include "support/subprocess.h"

namespace causeway::testing {
namespace {

class ArchiverKillTest : public ArchiverTest {
 protected:
  std::unique_ptr<BackgroundProcess> StartProcess() {
    const std::string token_file = dir_ + "/archiver.token";
    std::ofstream(token_file) << archiver_token_;
    auto p = std::make_unique<BackgroundProcess>(std::vector<std::string>{
        CAUSEWAY_ARCHIVER_BIN, "--zone", "eu", "--pg-dsn", db_->dsn(), "--store",
        "file://" + dir_ + "/store", "--spool-dir", dir_ + "/spool", "--topology",
        topology_->address(), "--topology-token-file", token_file, "--snapshot-path", "",
        "--grpc-listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0", "--group-id",
        "causeway-archiver." + ns_, "--max-file-records", "20", "--max-file-age", "1",
        "--session-timeout-ms", "6000", "--drain-seconds", "2"});
    EXPECT_TRUE(p->started());
    return p;
  }
};

TEST_F(ArchiverKillTest, SigkilledMidArchiveRestartedLosesNothingAndDuplicatesNothing) {
  const std::vector<std::string> ids = PublishPeople(1500, 5);
  {
    auto archiver = StartProcess();
    // Kill once some files are committed and more are being written.
    const absl::Time until = absl::Now() + absl::Seconds(60);
    while (Committed() < 200 && absl::Now() < until) absl::SleepFor(absl::Milliseconds(20));
    ASSERT_GE(Committed(), 200) << archiver->Output().substr(0, 4000);
    archiver->Signal(SIGKILL);
    EXPECT_EQ(archiver->Wait(absl::Seconds(10)), 128 + SIGKILL);
  }
  const int64_t at_kill = Committed();
  auto archiver = StartProcess();
  ASSERT_TRUE(WaitForCommitted(1500, absl::Seconds(90)))
      << "committed " << Committed() << "\n" << archiver->Output().substr(0, 4000);
  archiver->Signal(SIGTERM);
  EXPECT_EQ(archiver->Wait(absl::Seconds(30)), 0) << archiver->Output().substr(0, 4000);
  ExpectExactlyOnce(ids);

  // What the kill uploaded without committing is an orphan: collected once past the grace.
  auto store = av::LocalStore::Open(dir_ + "/store");
  ASSERT_TRUE(store.ok());
  av::PgArchiveLedger ledger(db_->dsn(), 1);
  auto swept = av::CollectOrphans(**store, ledger, "", "eu", absl::Hours(1),
                                  absl::Now() + absl::Hours(2));
  ASSERT_TRUE(swept.ok()) << swept.status();
  std::cout << "[figures] SIGKILL with " << at_kill << " of 1500 events committed; after the "
            << "restart every event once; " << swept->deleted << " orphan file(s) collected\n";
  ExpectExactlyOnce(ids);
  auto left = (*store)->List("eu/", "", 1000);
  ASSERT_TRUE(left.ok());
  std::vector<std::string> keys;
  for (const auto& o : left->objects) keys.push_back(o.key);
  auto committed = ledger.CommittedKeys(keys);
  ASSERT_TRUE(committed.ok());
  EXPECT_EQ(committed->size(), keys.size()) << "only committed files remain";
}

}  // namespace
}  // namespace causeway::testing
