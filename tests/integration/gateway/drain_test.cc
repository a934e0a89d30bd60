// SIGTERM to a real causeway-gateway process: it stops taking HTTP requests at once, drains within
// --drain-seconds, exits 0, and every event it answered ACCEPTED is in Kafka.
#include <signal.h>

#include <fstream>
#include <set>
#include <thread>

#include "gateway_fixture.h"
#include "support/http_client.h"
#include "support/subprocess.h"

namespace causeway::testing {
namespace {

constexpr int kEvents = 10000;
constexpr int kDrainSeconds = 20;

// The value of `"key":"<digits>"` in a JSON log line, or 0.
int JsonIntField(const std::string& line, const std::string& key) {
  const std::string prefix = "\"" + key + "\":\"";
  const size_t at = line.find(prefix);
  return at == std::string::npos ? 0 : std::atoi(line.c_str() + at + prefix.size());
}

TEST_F(GatewayTest, SigtermFlushesEveryAcceptedEventWithinTheDrainBudget) {
  const std::string token_file = SnapshotPath() + ".token";
  std::ofstream(token_file) << gateway_token_;
  // A long linger keeps ACCEPTED events in the producer's queue when SIGTERM comes.
  BackgroundProcess gateway({CAUSEWAY_GATEWAY_BIN, "--grpc-listen", "127.0.0.1:0", "--http-listen",
                             "127.0.0.1:0", "--topology", topology_->address(),
                             "--topology-token-file", token_file, "--snapshot-path",
                             SnapshotPath(), "--auth", "development", "--linger-ms", "1000",
                             "--drain-seconds", absl::StrCat(kDrainSeconds)});
  ASSERT_TRUE(gateway.started());
  const std::string serving = gateway.WaitForLine("\"msg\":\"serving\"", absl::Seconds(30));
  ASSERT_FALSE(serving.empty()) << gateway.Output();
  const int grpc_port = JsonIntField(serving, "grpc_port");
  const int http_port = JsonIntField(serving, "http_port");
  auto stub = gv1::Gateway::NewStub(grpc::CreateChannel(absl::StrCat("127.0.0.1:", grpc_port),
                                                        grpc::InsecureChannelCredentials()));
  // Once it routes by this test's topology, one event goes all the way.
  grpc::Status warm;
  for (int i = 0; i < 100; ++i) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    gv1::PublishResponse out;
    warm = stub->Publish(&ctx, Json(R"({"first_name": "w", "last_name": "u"})", "warm-up"), &out);
    if (warm.ok()) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  ASSERT_TRUE(warm.ok()) << warm.error_message() << gateway.Output();

  grpc::ClientContext ctx;
  auto stream = stub->PublishStream(&ctx);
  std::thread writer([&] {
    for (int i = 0; i < kEvents; ++i) {
      if (!stream->Write(Json(absl::StrCat(R"({"first_name": "n)", i, R"(", "last_name": "d"})"),
                              absl::StrCat("drain-", i), gv1::ACK_ACCEPTED))) {
        return;
      }
    }
  });
  int accepted = 0;
  gv1::PublishResult result;
  for (int i = 0; i < kEvents && stream->Read(&result); ++i) accepted += result.code() == 0;
  ASSERT_EQ(accepted, kEvents);
  gateway.Signal(SIGTERM);
  const absl::Time signalled = absl::Now();
  writer.join();
  stream->WritesDone();
  EXPECT_TRUE(stream->Finish().ok());

  // HTTP stops accepting at once, not after the load balancers' grace.
  ASSERT_FALSE(gateway.WaitForLine("\"msg\":\"draining\"", absl::Seconds(10)).empty());
  absl::SleepFor(absl::Milliseconds(500));
  HttpReply late = HttpPost(absl::StrCat("http://127.0.0.1:", http_port, "/v1/events/", ns_,
                                         "/Person?ack=accepted"),
                            R"({"first_name": "late", "last_name": "l"})");
  EXPECT_EQ(late.status, 0) << "HTTP still answered during the drain: " << late.body;

  const int rc = gateway.Wait(absl::Seconds(kDrainSeconds + 10));
  const absl::Duration drained = absl::Now() - signalled;
  EXPECT_EQ(rc, 0) << gateway.Output().substr(0, 20000);
  EXPECT_LT(drained, absl::Seconds(kDrainSeconds + 2)) << "exit after the drain budget";
  const std::string summary = gateway.WaitForLine("\"msg\":\"drained\"", absl::Seconds(1));
  EXPECT_NE(summary.find("\"accepted_lost\":\"0\""), std::string::npos) << summary;
  std::cerr << "SIGTERM to exit: " << absl::FormatDuration(drained) << "; " << summary << "\n";

  std::set<std::string> written;
  for (const ConsumedMessage& m :
       ConsumeAll(KafkaBootstrap(), Topic("Person"), kEvents + 1, absl::Seconds(10))) {
    written.insert(m.headers.at("causeway-event-id"));
  }
  written.erase("warm-up");
  EXPECT_EQ(written.size(), static_cast<size_t>(kEvents));
}

}  // namespace
}  // namespace causeway::testing
