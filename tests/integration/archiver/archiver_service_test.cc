// causeway-archiver (ArchiverApp, as main runs it) on the real servers (archiver_fixture.h):
// events published through the gateway to an archived zone end in committed Avro files, each event
// exactly once (counted by event id from the files, read back with Avro C); a restarted archiver
// resumes where the ledger says; Kafka's committed offsets follow for lag tools; a zone turned
// unarchived stops being read.
#include "archiver_fixture.h"
#include "causeway/archiver/v1/archiver.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "support/http_client.h"
#include "support/subprocess.h"

namespace causeway::testing {
namespace {

TEST_F(ArchiverTest, PublishedEventsEndInCommittedFilesExactlyOnceAcrossARestart) {
  const std::vector<std::string> first = PublishPeople(300);
  StartArchiver();
  ASSERT_TRUE(WaitForCommitted(300)) << "committed " << Committed();
  // Lag: nothing on the brokers left to archive, nothing read left uncommitted.
  for (int i = 0; i < 100 && archiver_->Stats().lag_records > 0; ++i) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(archiver_->Stats().lag_records, 0);
  EXPECT_EQ(archiver_->Stats().lag, absl::ZeroDuration());
  const HttpReply metrics =
      HttpGet(absl::StrCat("http://127.0.0.1:", archiver_->process().http_port(), "/metrics"));
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("causeway_archiver_records_total{zone=\"eu\"} 300"),
            std::string::npos) << metrics.body.substr(0, 2000);
  EXPECT_NE(metrics.body.find("causeway_archiver_lag_records{zone=\"eu\"} 0"), std::string::npos);
  EXPECT_NE(metrics.body.find("causeway_archiver_files_total{"), std::string::npos);
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

TEST_F(ArchiverTest, ListArchiveFilesAnswersByRoleWithTheLedgersFiles) {
  PublishPeople(90);
  StartArchiver();
  ASSERT_TRUE(WaitForCommitted(90)) << "committed " << Committed();
  auto channel = grpc::CreateChannel(absl::StrCat("127.0.0.1:", archiver_->process().grpc_port()),
                                     grpc::InsecureChannelCredentials());
  auto stub = av::v1::Archiver::NewStub(channel);
  const auto call = [&](const std::string& token, const av::v1::ListArchiveFilesRequest& req,
                        av::v1::ListArchiveFilesResponse* out) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (!token.empty()) ctx.AddMetadata("authorization", "Bearer " + token);
    return stub->ListArchiveFiles(&ctx, req, out);
  };
  av::v1::ListArchiveFilesRequest req;
  req.set_namespace_(ns_);
  req.set_event_type("Person");
  av::v1::ListArchiveFilesResponse resp;
  const std::string viewer = MakePrincipal(*topo_, "reader", tv1::ROLE_VIEWER, ns_);
  const std::string stranger = MakePrincipal(*topo_, "stranger");  // no role
  ASSERT_TRUE(archiver_->follower().WaitForRevision(topology_->hub().revision(), absl::Seconds(20)));
  grpc::Status s = call(viewer, req, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(resp.zone(), "eu");
  EXPECT_FALSE(resp.truncated());
  int64_t records = 0;
  for (const auto& f : resp.files()) {
    records += f.records();
    EXPECT_EQ(f.uri(), "file://" + dir_ + "/store/" + f.object_key());
    EXPECT_TRUE(std::filesystem::exists(dir_ + "/store/" + f.object_key())) << f.object_key();
    EXPECT_EQ(f.schema_id(), person_.global_id());
    EXPECT_EQ(f.sha256().size(), 64u);
    EXPECT_GE(f.last_offset(), f.first_offset());
  }
  EXPECT_EQ(records, 90);

  // The CLI's `archive list` shows the same files.
  std::string out, err;
  const std::string address = absl::StrCat("127.0.0.1:", archiver_->process().grpc_port());
  int rc = RunProcess({CAUSEWAY_CLI, "--archiver", address, "archive", "list", ns_ + "/Person",
                       "--zone", "eu", "--since", "48h"},
                      &out, &err, {"CAUSEWAY_TOKEN=" + viewer});
  EXPECT_EQ(rc, 0) << err;
  EXPECT_NE(out.find("HOUR"), std::string::npos) << out;
  for (const auto& f : resp.files()) EXPECT_NE(out.find(f.uri()), std::string::npos) << out;
  rc = RunProcess({CAUSEWAY_CLI, "--archiver", address, "archive", "list", ns_, "--zone", "us"}, &out,
                  &err, {"CAUSEWAY_TOKEN=" + viewer});
  EXPECT_NE(rc, 0);
  EXPECT_NE(err.find("archives zone \"eu\", not \"us\""), std::string::npos) << err;

  req.set_limit(1);
  ASSERT_TRUE(call(viewer, req, &resp).ok());
  EXPECT_EQ(resp.files_size(), 1);
  EXPECT_TRUE(resp.truncated());

  EXPECT_EQ(call(stranger, req, &resp).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(call("", req, &resp).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  av::v1::ListArchiveFilesRequest bad;
  bad.set_event_type("Person");
  s = call(kTestAdminToken, bad, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "event_type: needs its namespace");
  bad.clear_event_type();
  bad.set_limit(20000);
  s = call(kTestAdminToken, bad, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message(), "limit: expected 1..10000, got 20000");
}

}  // namespace
}  // namespace causeway::testing
