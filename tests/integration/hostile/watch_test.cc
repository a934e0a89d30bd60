// Topology.Watch against hostile and large loads on the real servers (PostgreSQL, causeway-topology
// and causeway-gateway in-process, the real broker): 1,000 streams that never read while a reading
// client and a gateway keep following, a snapshot over 4 MiB, the per-principal stream limit, and a
// client that stops reading.
#include <atomic>
#include <thread>

#include "common/core/watch_limits.h"
#include "gateway_fixture.h"
#include "support/resident_memory.h"

namespace causeway::testing {
namespace {

// The test process' resident memory (server, gateway and clients alike), in KiB.
int64_t ResidentKiB() { return static_cast<int64_t>(ResidentBytes() >> 10); }

// A channel of its own with a small receive window (no BDP probing), so that what a client does
// not read backs up in the server rather than in the client's buffers.
std::shared_ptr<grpc::Channel> OwnChannel(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  args.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

// One Watch stream from the snapshot on, as `token`; cancelled when destroyed.
class WatchClient {
 public:
  WatchClient(tv1::Topology::Stub& stub, const std::string& token) {
    ctx_.AddMetadata("authorization", "Bearer " + token);
    ctx_.set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(5));
    reader_ = stub.Watch(&ctx_, tv1::WatchRequest());
  }
  ~WatchClient() {
    if (finished_) return;
    ctx_.TryCancel();
    reader_->Finish();
  }
  grpc::Status Finish() {
    finished_ = true;
    return reader_->Finish();
  }

 protected:
  grpc::ClientContext ctx_;
  std::unique_ptr<grpc::ClientReader<tv1::WatchResponse>> reader_;
  bool finished_ = false;
};

// A Watch stream that is opened and never read (until Drain).
class IdleWatch : public WatchClient {
 public:
  using WatchClient::WatchClient;
  // Reads everything the server sent; returns how the stream ended.
  grpc::Status Drain(int* messages) {
    tv1::WatchResponse msg;
    while (reader_->Read(&msg)) ++*messages;
    return Finish();
  }
};

// A client that reads: the snapshot, then changes as they come.
class ReadingWatch : public WatchClient {
 public:
  explicit ReadingWatch(tv1::Topology::Stub& stub, const std::string& token = kTestAdminToken)
      : WatchClient(stub, token) {}
  // Reads until SNAPSHOT_COMPLETE (true) or the end of the stream (false); every message is kept.
  bool ReadSnapshot() {
    tv1::WatchResponse msg;
    while (reader_->Read(&msg)) {
      messages_.push_back(msg);
      if (msg.kind() == tv1::WatchResponse::KIND_SNAPSHOT_COMPLETE) {
        revision_ = msg.revision();
        return true;
      }
    }
    return false;
  }
  // Reads until the client has `revision`.
  bool ReadUntil(int64_t revision) {
    tv1::WatchResponse msg;
    while (revision_ < revision && reader_->Read(&msg)) {
      if (msg.kind() == tv1::WatchResponse::KIND_CHANGES) revision_ = msg.revision();
    }
    return revision_ >= revision;
  }
  const std::vector<tv1::WatchResponse>& messages() const { return messages_; }

 private:
  std::vector<tv1::WatchResponse> messages_;
  int64_t revision_ = 0;
};

class HostileWatchTest : public GatewayTest {
 protected:
  // `count` schemas of the event type Person, each with a doc of `doc_bytes` (valid Avro, distinct
  // canonical forms: record names Bulk<first>.. Bulk<first+count-1>), registered through the API
  // by 4 clients at once.
  void AddSchemas(int count, size_t doc_bytes, int first = 0) {
    const std::string doc(doc_bytes, 'd');
    std::atomic<int> next{first};
    count += first;
    std::vector<std::thread> clients;
    for (int t = 0; t < 4; ++t) {
      clients.emplace_back([&] {
        for (int i = next++; i < count; i = next++) {
          tv1::RegisterSchemaRequest req;
          req.set_namespace_(ns_);
          req.set_event_type("Person");
          req.set_definition(absl::StrCat(R"({"type":"record","name":"Bulk)", i, R"(","doc":")",
                                          doc, R"(","fields":[{"name":"f)", i,
                                          R"(","type":"string"}]})"));
          tv1::Schema s;
          grpc::Status st = schemas_->RegisterSchema(Context(60).get(), req, &s);
          ASSERT_TRUE(st.ok()) << st.error_message();
        }
      });
    }
    for (auto& c : clients) c.join();
  }
  // A namespace created through the API; returns the revision it committed at.
  int64_t CreateNamespace(const std::string& name) {
    tv1::CreateNamespaceRequest req;
    req.mutable_namespace_()->set_name(name);
    tv1::Namespace out;
    grpc::Status s = topo_->CreateNamespace(Context().get(), req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return topology_->hub().revision();
  }
};

// Bound on what 1,000 streams that never read may add to this process (topology, gateway and the
// 1,000 clients' own buffers together, sanitizer build): each holds one message of at most
// kWatchMessageBytes in the server (protobuf + gRPC's serialised copy), gRPC's call state, and the
// client's receive window; AddressSanitizer's quarantine of freed memory (256 MiB) comes on top.
// Measured: +540 MiB (+321 MiB with the quarantine off). Before the lazy snapshot each stream
// copied the whole topology (~600 KiB here) and held it in one message: +1,966 MiB.
constexpr int64_t kIdleStreamsRssBoundKiB = 800 * 1024;

TEST_F(HostileWatchTest, ThousandStreamsThatNeverReadLeaveOthersFollowing) {
  // A topology larger than a stream's receive window (~600 KiB), so a stream that does not read
  // stops in the middle of its snapshot.
  AddSchemas(250, 2048);
  constexpr int kPrincipals = 20;
  constexpr int kStreams = 1000;  // 50 per principal, under --watch-streams-per-principal
  std::vector<std::string> tokens;
  for (int p = 0; p < kPrincipals; ++p) {
    tokens.push_back(MakePrincipal(*topo_, absl::StrCat("idle-", p), tv1::ROLE_VIEWER));
  }
  StartGateway();
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  std::vector<std::unique_ptr<tv1::Topology::Stub>> stubs;
  for (int c = 0; c < 5; ++c) {  // 200 streams per connection, under its concurrent-stream limit
    channels.push_back(OwnChannel(topology_->address()));
    stubs.push_back(tv1::Topology::NewStub(channels.back()));
  }
  const size_t followers = topology_->hub().subscriber_count();  // the gateway's
  absl::SleepFor(absl::Seconds(1));
  const int64_t rss_before = ResidentKiB();

  std::vector<std::unique_ptr<IdleWatch>> idle;
  for (int i = 0; i < kStreams; ++i) {
    idle.push_back(std::make_unique<IdleWatch>(*stubs[i % stubs.size()], tokens[i % kPrincipals]));
  }
  for (int i = 0; i < 600 && topology_->hub().subscriber_count() < followers + kStreams; ++i) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  ASSERT_EQ(topology_->hub().subscriber_count(), followers + kStreams);
  absl::SleepFor(absl::Seconds(2));  // let the streams write what their windows take

  // A client that reads gets the whole snapshot, then each change; so does the gateway.
  auto reader_stub = tv1::Topology::NewStub(OwnChannel(topology_->address()));
  ReadingWatch reading(*reader_stub);
  ASSERT_TRUE(reading.ReadSnapshot());
  absl::Duration slowest_reader;
  absl::Duration slowest_gateway;
  for (int i = 0; i < 10; ++i) {
    const int64_t revision = CreateNamespace(absl::StrCat(ns_, "-x", i));
    const absl::Time committed = absl::Now();
    ASSERT_TRUE(reading.ReadUntil(revision)) << reading.Finish().error_message();
    slowest_reader = std::max(slowest_reader, absl::Now() - committed);
    ASSERT_TRUE(gateway_->follower().WaitForRevision(revision, absl::Seconds(20)));
    slowest_gateway = std::max(slowest_gateway, absl::Now() - committed);
  }
  absl::SleepFor(absl::Seconds(1));
  const int64_t rss_after = ResidentKiB();
  EXPECT_EQ(topology_->hub().subscriber_count(), followers + kStreams + 1)
      << "the idle streams stay open (their pending bound is not reached)";
  EXPECT_LT(rss_after - rss_before, kIdleStreamsRssBoundKiB);
  std::cout << "[figures] " << kStreams << " idle Watch streams: RSS " << rss_before / 1024
            << " MiB -> " << rss_after / 1024 << " MiB (+" << (rss_after - rss_before) / 1024
            << " MiB, " << (rss_after - rss_before) / kStreams << " KiB per stream); slowest of 10 changes from its commit "
            << "returning to the reading client " << slowest_reader << ", to the gateway "
            << slowest_gateway << "\n";
}

TEST_F(HostileWatchTest, SnapshotOverFourMiBReachesGatewayAndDefaultClientInBoundedMessages) {
  // 600 schemas of ~9 KiB: 500 of them (the count bound) would make one 4.5 MiB message.
  constexpr int kSchemas = 600;
  AddSchemas(kSchemas, 9 * 1024);
  StartGateway();  // CatchUp: the gateway's state reached topology's revision
  ASSERT_TRUE(gateway_->follower().WaitForRevision(topology_->hub().revision(), absl::Seconds(1)));
  EXPECT_EQ(gateway_->follower().state()->view().SchemasOf(ns_, "Person").size(),
            static_cast<size_t>(kSchemas + 1));

  // A client with gRPC's default channel (4 MiB receive limit).
  ReadingWatch watch(*topo_);
  ASSERT_TRUE(watch.ReadSnapshot()) << watch.Finish().error_message();
  size_t bytes = 0;
  size_t schemas = 0;
  for (const auto& msg : watch.messages()) {
    bytes += msg.ByteSizeLong();
    EXPECT_TRUE(msg.ByteSizeLong() <= kWatchMessageBytes || msg.changes_size() == 1)
        << msg.ByteSizeLong() << " bytes in " << msg.changes_size() << " changes";
    for (const auto& c : msg.changes()) schemas += c.has_schema() ? 1 : 0;
  }
  EXPECT_GT(bytes, size_t{4} << 20);
  EXPECT_EQ(schemas, static_cast<size_t>(kSchemas + 1));
  std::cout << "[figures] snapshot of " << bytes << " bytes in " << watch.messages().size()
            << " messages\n";
}

TEST_F(HostileWatchTest, StreamsBeyondThePerPrincipalLimitAreResourceExhausted) {
  const std::string token = MakePrincipal(*topo_, "greedy", tv1::ROLE_VIEWER);
  const std::string other = MakePrincipal(*topo_, "modest", tv1::ROLE_VIEWER);
  constexpr int kLimit = topology::WatchQuotaLimits{}.per_principal;
  std::vector<std::unique_ptr<ReadingWatch>> open;
  for (int i = 0; i < kLimit; ++i) {
    open.push_back(std::make_unique<ReadingWatch>(*topo_, token));
    ASSERT_TRUE(open.back()->ReadSnapshot()) << i << ": " << open.back()->Finish().error_message();
  }
  {
    ReadingWatch one_more(*topo_, token);
    EXPECT_FALSE(one_more.ReadSnapshot());
    grpc::Status s = one_more.Finish();
    EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << s.error_message();
    EXPECT_NE(s.error_message().find("--watch-streams-per-principal"), std::string::npos)
        << s.error_message();
  }
  ReadingWatch others(*topo_, other);
  EXPECT_TRUE(others.ReadSnapshot()) << "another principal is not limited by this one's streams";

  // A closed stream gives its place back.
  open.pop_back();
  bool reopened = false;
  for (int i = 0; i < 100 && !reopened; ++i) {
    ReadingWatch again(*topo_, token);
    reopened = again.ReadSnapshot();
    if (!reopened) absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_TRUE(reopened);
}

TEST_F(HostileWatchTest, StreamWhoseClientStopsReadingEndsResourceExhausted) {
  AddSchemas(100, 2048);  // a snapshot larger than the client's receive window, usually
  TopologyServerOptions options;
  options.watch.max_pending_changes = 5;
  TopologyServer replica(db_->dsn(), options);
  auto stub = tv1::Topology::NewStub(OwnChannel(replica.address()));
  IdleWatch idle(*stub, kTestAdminToken);
  for (int i = 0; i < 200 && replica.hub().subscriber_count() == 0; ++i) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  const size_t open = replica.hub().subscriber_count();
  ASSERT_GE(open, 1u);

  // Enough changes that the limit is passed long before the last one commits: how much a client
  // that does not read takes before the server's writes wait depends on gRPC's flow-control
  // windows, and the hub hands a change to its streams after WaitForRevision sees it. With 6
  // changes, a CI run most likely drained before the sixth reached the stream, which then kept
  // up with its client and never ended.
  constexpr int kChanges = 600;
  AddSchemas(kChanges, 8 * 1024, 100);
  ASSERT_TRUE(replica.hub().WaitForRevision(topology_->hub().revision(), absl::Seconds(60)));

  int messages = 0;
  grpc::Status s = idle.Drain(&messages);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << s.error_message();
  EXPECT_GT(messages, 0) << "what was sent before the limit still arrives";
  for (int i = 0; i < 100 && replica.hub().subscriber_count() >= open; ++i) {
    absl::SleepFor(absl::Milliseconds(50));
  }
  EXPECT_LT(replica.hub().subscriber_count(), open) << "the stream is gone from the server";
  std::cout << "[figures] a client that stopped reading got " << messages << " messages before "
            << "the end, of " << kChanges << " changes of ~8 KiB after its snapshot\n";
}

}  // namespace
}  // namespace causeway::testing
