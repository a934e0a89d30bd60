// Watch: snapshot, live changes from another replica, and resume by revision.
#include <grpcpp/grpcpp.h>

#include "topology_fixture.h"

namespace causeway::testing {
namespace {

// Reads a Watch stream on its own, collecting changes by revision.
class Watcher {
 public:
  Watcher(v1::Topology::Stub* stub, int64_t since) {
    v1::WatchRequest req;
    req.set_since_revision(since);
    ctx_.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    ctx_.AddMetadata("authorization", std::string("Bearer ") + kTestAdminToken);
    reader_ = stub->Watch(&ctx_, req);
  }
  ~Watcher() { Cancel(); }

  // Reads until the client's state reaches `revision`; returns every change seen on the way.
  std::vector<v1::Change> ReadUntil(int64_t revision) {
    std::vector<v1::Change> out;
    v1::WatchResponse msg;
    while (revision_ < revision && reader_->Read(&msg)) {
      kinds_.push_back(msg.kind());
      for (const auto& c : msg.changes()) out.push_back(c);
      if (msg.kind() != v1::WatchResponse::KIND_SNAPSHOT &&
          msg.kind() != v1::WatchResponse::KIND_RESET) {
        revision_ = msg.revision();
      }
    }
    return out;
  }
  // Reads the RESET/SNAPSHOT messages up to SNAPSHOT_COMPLETE.
  std::vector<v1::Change> ReadSnapshot() {
    std::vector<v1::Change> out;
    v1::WatchResponse msg;
    while (reader_->Read(&msg)) {
      kinds_.push_back(msg.kind());
      for (const auto& c : msg.changes()) out.push_back(c);
      if (msg.kind() == v1::WatchResponse::KIND_SNAPSHOT_COMPLETE) {
        revision_ = msg.revision();
        break;
      }
    }
    return out;
  }
  void Cancel() {
    if (reader_) {
      ctx_.TryCancel();
      reader_->Finish();
      reader_.reset();
    }
  }
  int64_t revision() const { return revision_; }
  const std::vector<v1::WatchResponse::Kind>& kinds() const { return kinds_; }

 private:
  grpc::ClientContext ctx_;
  std::unique_ptr<grpc::ClientReader<v1::WatchResponse>> reader_;
  int64_t revision_ = 0;
  std::vector<v1::WatchResponse::Kind> kinds_;
};

int64_t Latest(v1::Topology::Stub* stub) {
  v1::ListHistoryRequest req;
  req.set_page_size(1);
  v1::ListHistoryResponse resp;
  EXPECT_TRUE(stub->ListHistory(Context().get(), req, &resp).ok());
  return resp.changes_size() == 0 ? 0 : resp.changes(0).revision();
}

TEST_F(TopologyTest, WatchStartsWithSnapshotThenStreamsChanges) {
  MakeNamespace("mfp");
  MakeZone("eu");
  Watcher w(stub_.get(), 0);
  constexpr int64_t base = kBootstrapRevisions;
  auto snapshot = w.ReadUntil(base + 2);
  ASSERT_EQ(snapshot.size(), 2u + kBootstrapRevisions) << "the admin, its binding, mfp, eu";
  EXPECT_EQ(w.kinds().front(), v1::WatchResponse::KIND_RESET);
  EXPECT_EQ(w.kinds().back(), v1::WatchResponse::KIND_SNAPSHOT_COMPLETE);

  MakeCluster("eu-a", "eu");
  auto changes = w.ReadUntil(base + 3);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].revision(), base + 3);
  EXPECT_EQ(changes[0].cluster().name(), "eu-a");
  EXPECT_EQ(changes[0].op(), v1::Change::OP_PUT);
  EXPECT_EQ(changes[0].actor(), kTestAdmin);
}

TEST_F(TopologyTest, WatchOnOneReplicaSeesChangesMadeThroughAnother) {
  TopologyServer replica_b(db_->dsn(), Provisioner());
  auto stub_b = replica_b.NewStub();
  Watcher w(stub_b.get(), 0);
  EXPECT_EQ(w.ReadSnapshot().size(), static_cast<size_t>(kBootstrapRevisions)) << "the admin only";

  MakeNamespace("mfp");  // through replica A
  MakeZone("eu");
  v1::DeleteZoneRequest del;
  del.set_name("eu");
  v1::DeleteResponse none;
  ASSERT_TRUE(stub_->DeleteZone(Context().get(), del, &none).ok());

  auto changes = w.ReadUntil(kBootstrapRevisions + 3);
  ASSERT_EQ(changes.size(), 3u);
  EXPECT_EQ(changes[0].namespace_().name(), "mfp");
  EXPECT_EQ(changes[1].zone().name(), "eu");
  EXPECT_EQ(changes[2].op(), v1::Change::OP_DELETE);
  EXPECT_EQ(changes[2].zone().name(), "eu");

  // Resolve on B reflects A's writes too.
  MakeEventType("mfp", "A");
  w.ReadUntil(kBootstrapRevisions + 4);
  v1::ResolveRequest rr;
  rr.set_namespace_("mfp");
  rr.set_event_type("A");
  v1::ResolveResponse resolved;
  EXPECT_TRUE(stub_b->Resolve(Context().get(), rr, &resolved).ok());
}

TEST_F(TopologyTest, ReconnectingWatcherGetsExactlyWhatItMissed) {
  MakeNamespace("mfp");
  int64_t seen = 0;
  {
    Watcher w(stub_.get(), 0);
    w.ReadUntil(kBootstrapRevisions + 1);
    seen = w.revision();
  }
  MakeZone("eu");
  MakeZone("us");
  MakeCluster("us-1", "us");
  ASSERT_EQ(Latest(stub_.get()), seen + 3);

  Watcher again(stub_.get(), seen);
  auto missed = again.ReadUntil(seen + 3);
  ASSERT_EQ(missed.size(), 3u);
  EXPECT_EQ(missed[0].revision(), seen + 1);
  EXPECT_EQ(missed[2].revision(), seen + 3);
  EXPECT_EQ(again.kinds().front(), v1::WatchResponse::KIND_CHANGES) << "no snapshot on resume";

  // A replica started after those changes has them only in PostgreSQL: same answer.
  TopologyServer fresh(db_->dsn(), Provisioner());
  auto fresh_stub = fresh.NewStub();
  Watcher from_fresh(fresh_stub.get(), seen);
  auto missed_again = from_fresh.ReadUntil(seen + 3);
  ASSERT_EQ(missed_again.size(), 3u);
  EXPECT_EQ(missed_again[0].zone().name(), "eu");
}

TEST_F(TopologyTest, DrainEndsWatchStreamsWithUnavailable) {
  v1::WatchRequest req;
  auto ctx = Context();
  auto reader = stub_->Watch(ctx.get(), req);
  v1::WatchResponse msg;
  ASSERT_TRUE(reader->Read(&msg));
  std::thread stopper([this] { server_->Stop(); });
  while (reader->Read(&msg)) {
  }
  grpc::Status s = reader->Finish();
  stopper.join();
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
}

}  // namespace
}  // namespace causeway::testing
