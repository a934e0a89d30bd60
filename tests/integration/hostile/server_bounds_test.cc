// The bounds every ServiceProcess sets (ServerOptions), observed from a client: a gateway service
// over a Publisher without topology (every event is refused at once with UNAVAILABLE, so no
// PostgreSQL or Kafka is needed), served with small limits.
#include <gtest/gtest.h>

#include <memory>
#include <thread>
#include <vector>

#include "causeway/gateway/v1/gateway.grpc.pb.h"
#include "common/server/grpc_server.h"
#include "gateway/server/gateway_service.h"
#include "gateway/server/publisher.h"
#include "grpcpp/create_channel.h"

namespace causeway::testing {
namespace {

namespace gv1 = ::causeway::gateway::v1;

class ServerBoundsTest : public ::testing::Test {
 protected:
  void Serve(ServerOptions options, gateway::GatewayServiceOptions service = {}) {
    options.grpc_listen = "127.0.0.1:0";
    options.http_listen = "127.0.0.1:0";
    options.drain = absl::Milliseconds(100);
    service_ = std::make_unique<gateway::GatewayService>(&publisher_, service);
    process_ = std::make_unique<ServiceProcess>("bounds-test", options);
    process_->AddService(service_.get());
    ASSERT_TRUE(process_->Start().ok());
  }
  void TearDown() override { process_.reset(); }

  // Its own connection: channels with distinct arguments do not share subchannels.
  std::shared_ptr<grpc::Channel> NewConnection(grpc::ChannelArguments args = {}) {
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    return grpc::CreateCustomChannel(absl::StrCat("127.0.0.1:", process_->grpc_port()),
                                     grpc::InsecureChannelCredentials(), args);
  }
  static gv1::PublishRequest Event() {
    gv1::PublishRequest r;
    r.set_namespace_("ns");
    r.set_event_type("Person");
    r.set_json("{}");
    return r;
  }
  static grpc::Status PublishWithin(gv1::Gateway::Stub& stub, std::chrono::milliseconds wait) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + wait);
    gv1::PublishResponse out;
    return stub.Publish(&ctx, Event(), &out);
  }

  gateway::Publisher publisher_{[] { return std::shared_ptr<const gateway::RoutingState>(); },
                                nullptr, nullptr, nullptr, gateway::AuthMode::kDevelopment};
  std::unique_ptr<gateway::GatewayService> service_;
  std::unique_ptr<ServiceProcess> process_;
};

struct OpenStream {
  grpc::ClientContext ctx;
  std::unique_ptr<grpc::ClientReaderWriter<gv1::PublishRequest, gv1::PublishResult>> stream;
};

TEST_F(ServerBoundsTest, CallsBeyondMaxConcurrentStreamsWaitForAFreeSlot) {
  ServerOptions options;
  options.max_concurrent_streams = 3;
  Serve(options);
  auto channel = NewConnection();
  auto stub = gv1::Gateway::NewStub(channel);
  // The connection's SETTINGS are known once a call went through.
  EXPECT_EQ(PublishWithin(*stub, std::chrono::seconds(10)).error_code(),
            grpc::StatusCode::UNAVAILABLE);

  std::vector<std::unique_ptr<OpenStream>> open;
  for (int i = 0; i < 3; ++i) {
    auto s = std::make_unique<OpenStream>();
    s->ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
    s->stream = stub->PublishStream(&s->ctx);
    ASSERT_TRUE(s->stream->Write(Event()));
    gv1::PublishResult r;
    ASSERT_TRUE(s->stream->Read(&r));  // the server has the stream open
    EXPECT_EQ(r.code(), static_cast<int>(grpc::StatusCode::UNAVAILABLE));
    open.push_back(std::move(s));
  }
  // A fourth call on that connection is not sent while three are open ...
  EXPECT_EQ(PublishWithin(*stub, std::chrono::milliseconds(500)).error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
  // ... another connection is served ...
  auto other = gv1::Gateway::NewStub(NewConnection());
  EXPECT_EQ(PublishWithin(*other, std::chrono::seconds(10)).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  // ... and a slot freed on the first lets it through.
  open[0]->stream->WritesDone();
  EXPECT_TRUE(open[0]->stream->Finish().ok());
  EXPECT_EQ(PublishWithin(*stub, std::chrono::seconds(10)).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  for (size_t i = 1; i < open.size(); ++i) open[i]->ctx.TryCancel();
  for (size_t i = 1; i < open.size(); ++i) open[i]->stream->Finish();
}

TEST_F(ServerBoundsTest, ClientPingingFasterThanAllowedIsDisconnected) {
  Serve(ServerOptions{});  // the defaults: pings at most every 30 s, 2 strikes
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_KEEPALIVE_TIME_MS, 50);
  args.SetInt(GRPC_ARG_KEEPALIVE_TIMEOUT_MS, 5000);
  args.SetInt(GRPC_ARG_HTTP2_MAX_PINGS_WITHOUT_DATA, 0);
  auto stub = gv1::Gateway::NewStub(NewConnection(args));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  auto stream = stub->PublishStream(&ctx);
  ASSERT_TRUE(stream->Write(Event()));
  gv1::PublishResult r;
  ASSERT_TRUE(stream->Read(&r));
  // An idle stream: only pings flow, until the server answers them with GOAWAY (too_many_pings).
  while (stream->Read(&r)) {
  }
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(ServerBoundsTest, ConnectionWithoutCallsIsClosedWhenIdle) {
  ServerOptions options;
  options.max_connection_idle = absl::Milliseconds(300);
  Serve(options);
  auto channel = NewConnection();
  auto stub = gv1::Gateway::NewStub(channel);
  EXPECT_EQ(PublishWithin(*stub, std::chrono::seconds(10)).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  ASSERT_EQ(channel->GetState(false), GRPC_CHANNEL_READY);
  // The server's GOAWAY takes the channel out of READY (it reconnects on its next call).
  EXPECT_TRUE(channel->WaitForStateChange(GRPC_CHANNEL_READY,
                                          std::chrono::system_clock::now() +
                                              std::chrono::seconds(10)));
  EXPECT_EQ(PublishWithin(*stub, std::chrono::seconds(10)).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

// What the topology follower and PublishStream clients rely on: at the maximum age (+ grace) an
// open stream ends with UNAVAILABLE, a status they retry on.
TEST_F(ServerBoundsTest, StreamOpenAtMaxConnectionAgeEndsUnavailable) {
  ServerOptions options;
  options.max_connection_age = absl::Milliseconds(300);
  options.max_connection_age_grace = absl::Milliseconds(300);
  Serve(options);
  auto stub = gv1::Gateway::NewStub(NewConnection());
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  auto stream = stub->PublishStream(&ctx);
  ASSERT_TRUE(stream->Write(Event()));
  gv1::PublishResult r;
  ASSERT_TRUE(stream->Read(&r));
  while (stream->Read(&r)) {
  }
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
}

// A client that writes and never reads: the stream holds at most its window of results, however
// many events it sends, whether they are refused at once or not.
TEST_F(ServerBoundsTest, StreamThatNeverReadsHoldsAtMostItsWindow) {
  constexpr int kWindow = 16;
  Serve(ServerOptions{}, {.max_in_flight = kWindow});
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_HTTP2_BDP_PROBE, 0);  // keep the client's receive window at 64 KiB
  auto stub = gv1::Gateway::NewStub(NewConnection(args));
  grpc::ClientContext ctx;
  auto stream = stub->PublishStream(&ctx);
  std::atomic<int> written{0};
  std::atomic<bool> writer_done{false};
  std::thread writer([&] {
    gv1::PublishRequest event = Event();
    event.set_event_id(std::string(190, 'x'));  // results of ~250 bytes
    for (int i = 0; i < 5000 && stream->Write(event); ++i) ++written;
    writer_done = true;
  });
  int64_t most = 0;
  int quiet = 0;  // polls without a write going through: the client is pushed back
  for (int polls = 0; polls < 3000 && !writer_done && quiet < 100; ++polls) {
    const int before = written;
    absl::SleepFor(absl::Milliseconds(10));
    most = std::max(most, gateway::StreamPendingResults());
    quiet = written == before ? quiet + 1 : 0;
  }
  most = std::max(most, gateway::StreamPendingResults());
  EXPECT_LE(most, kWindow);
  ctx.TryCancel();
  writer.join();
  stream->Finish();
}

}  // namespace
}  // namespace causeway::testing
