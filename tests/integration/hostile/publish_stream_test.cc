// PublishStream against hostile clients on the real gateway (PostgreSQL, causeway-topology, the
// real broker): a client that writes thousands of events and never reads its results, with and
// without credentials, and a stream without credentials.
#include <atomic>
#include <iostream>
#include <thread>

#include "gateway_fixture.h"
#include "support/resident_memory.h"

namespace causeway::testing {
namespace {

constexpr int kWindow = 32;

class HostileStreamTest : public GatewayTest {
 protected:
  GatewayServer& StartEnforcing() {
    GatewayOptions options;
    options.auth = gateway::AuthMode::kPrincipals;
    options.service.max_in_flight = kWindow;
    return StartGateway(options);
  }
  // A connection of its own that keeps its receive window small (no BDP probing), so what the
  // client does not read backs up in the server rather than in the client's buffers.
  std::unique_ptr<gv1::Gateway::Stub> OwnConnection() {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    args.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);
    return gv1::Gateway::NewStub(
        grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", gateway_->grpc_port()),
                                  grpc::InsecureChannelCredentials(), args));
  }
  gv1::PublishRequest Paul(const std::string& event_id = "", gv1::Ack ack = gv1::ACK_PERSISTED) {
    auto req = Json(R"({"first_name":"Paul","last_name":"Smith"})", event_id, ack);
    req.clear_producer_id();
    return req;
  }
};

// Writes up to `count` copies of `event` (distinct event ids of ~190 bytes, so each result is
// ~250 bytes) on its own thread and never reads.
class NonReadingClient {
 public:
  NonReadingClient(gv1::Gateway::Stub& stub, const std::string& token, gv1::PublishRequest event,
                   int count) {
    if (!token.empty()) ctx_.AddMetadata("authorization", "Bearer " + token);
    stream_ = stub.PublishStream(&ctx_);
    writer_ = std::thread([this, event = std::move(event), count]() mutable {
      for (int i = 0; i < count; ++i) {
        event.set_event_id(absl::StrCat(std::string(180, 'e'), "-", i));
        if (!stream_->Write(event)) break;
        ++written_;
      }
      done_ = true;
    });
  }
  ~NonReadingClient() {
    ctx_.TryCancel();
    writer_.join();
    stream_->Finish();
  }
  int written() const { return written_; }
  bool done() const { return done_; }

 private:
  grpc::ClientContext ctx_;
  std::unique_ptr<grpc::ClientReaderWriter<gv1::PublishRequest, gv1::PublishResult>> stream_;
  std::atomic<int> written_{0};
  std::atomic<bool> done_{false};
  std::thread writer_;
};

TEST_F(HostileStreamTest, StreamsThatNeverReadHoldAtMostTheirWindowWhileOthersPublish) {
  StartEnforcing();
  const std::string token = CreatePrincipal("orders");
  GrantPublisher("orders");
  CatchUp(*gateway_);
  auto flood_stub = OwnConnection();
  auto anonymous_stub = OwnConnection();
  constexpr int kEvents = 5000;
  // What the floods may cost the process (gateway and clients in-process): two windows of
  // results and the streams' buffers.
  constexpr size_t kRssBound = size_t{128} << 20;
  PeakRssGrowth rss;
  // ACCEPTED results come back at once, as refusals do: the quickest way to pile results up.
  NonReadingClient flood(*flood_stub, token, Paul("", gv1::ACK_ACCEPTED), kEvents);
  NonReadingClient anonymous(*anonymous_stub, "", Paul("", gv1::ACK_ACCEPTED), kEvents);

  // Until both writers are done or pushed back (no write went through for a second), the results
  // the gateway holds never exceed the two windows.
  int64_t most = 0;
  int quiet = 0;
  for (int polls = 0; polls < 6000 && quiet < 100 && !(flood.done() && anonymous.done());
       ++polls) {
    const int before = flood.written() + anonymous.written();
    absl::SleepFor(absl::Milliseconds(10));
    most = std::max(most, gateway::StreamPendingResults());
    quiet = flood.written() + anonymous.written() == before ? quiet + 1 : 0;
  }
  most = std::max(most, gateway::StreamPendingResults());
  EXPECT_LE(most, 2 * kWindow);

  // Meanwhile a client that reads publishes on another stream as usual.
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", "Bearer " + token);
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  auto stream = gateway_->stub().PublishStream(&ctx);
  constexpr int kGood = 20;
  for (int i = 0; i < kGood; ++i) ASSERT_TRUE(stream->Write(Paul(absl::StrCat("good-", i))));
  stream->WritesDone();
  int persisted = 0;
  gv1::PublishResult r;
  while (stream->Read(&r)) {
    EXPECT_EQ(r.code(), 0) << r.message();
    if (r.code() == 0) ++persisted;
  }
  EXPECT_TRUE(stream->Finish().ok());
  EXPECT_EQ(persisted, kGood);
  EXPECT_LE(gateway::StreamPendingResults(), 2 * kWindow);
  const size_t growth = rss.Stop();
  EXPECT_LT(growth, kRssBound);
  std::cout << "[figure] two non-reading PublishStreams of " << kEvents << " events, " << most
            << " results held at most, RSS growth " << (growth >> 20) << " MiB\n";
}

TEST_F(HostileStreamTest, StreamWithoutCredentialsEndsUnauthenticatedAtItsFirstEvent) {
  StartEnforcing();
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  auto stream = gateway_->stub().PublishStream(&ctx);
  ASSERT_TRUE(stream->Write(Paul("first")));
  // Later writes may or may not reach the gateway before it ends the stream.
  for (int i = 0; i < 10 && stream->Write(Paul(absl::StrCat("more-", i))); ++i) {
  }
  stream->WritesDone();
  gv1::PublishResult r;
  int results = 0;
  while (stream->Read(&r)) ++results;
  const grpc::Status status = stream->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << status.error_message();
  EXPECT_EQ(results, 0) << "the refusal is the stream's status, not a result per event";
}

TEST_F(HostileStreamTest, StreamEndsUnauthenticatedAfterAnsweringTheEventsBeforeIt) {
  StartEnforcing();
  CreatePrincipal("orders");
  std::string token_id;
  const std::string token = IssueToken("orders", &token_id);
  GrantPublisher("orders");
  CatchUp(*gateway_);
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", "Bearer " + token);
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  auto stream = gateway_->stub().PublishStream(&ctx);
  ASSERT_TRUE(stream->Write(Paul("before-revocation")));
  gv1::PublishResult r;
  ASSERT_TRUE(stream->Read(&r));
  EXPECT_EQ(r.code(), 0) << r.message();
  // The stream's token is revoked: it no longer authenticates, inside the open stream.
  tv1::RevokeTokenRequest revoke;
  revoke.set_name("orders");
  revoke.set_token_id(token_id);
  tv1::Principal revoked;
  ASSERT_TRUE(topo_->RevokeToken(Context().get(), revoke, &revoked).ok());
  CatchUp(*gateway_);
  ASSERT_TRUE(stream->Write(Paul("after-revocation")));
  stream->WritesDone();
  int results = 0;
  while (stream->Read(&r)) ++results;
  EXPECT_EQ(results, 0);
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace causeway::testing
