// A broker stopped and restarted in the middle of a PublishStream at PERSISTED: every acknowledged
// event is in Kafka exactly once; events that failed are retried with the same id and end up there
// exactly once too.
#include "gateway_fixture.h"
#include "support/subprocess.h"

namespace causeway::testing {
namespace {

void RestartBroker() {
  std::string out, err;
  const int rc = RunProcess({std::string(CAUSEWAY_SOURCE_DIR) + "/tools/kafka/kafka", "restart",
                             RequireEnv("CAUSEWAY_TEST_KAFKA_DIR")},
                            &out, &err);
  ASSERT_EQ(rc, 0) << err;
}

TEST_F(GatewayTest, BrokerRestartMidStreamLosesAndDuplicatesNothing) {
  StartGateway();
  constexpr int kEvents = 600;
  std::map<std::string, int> outcome;  // event id -> last code
  std::mutex mu;

  auto run_stream = [&](const std::vector<std::string>& ids, bool restart_midway) {
    grpc::ClientContext ctx;
    auto stream = gateway_->stub().PublishStream(&ctx);
    std::thread writer([&] {
      for (size_t i = 0; i < ids.size(); ++i) {
        if (restart_midway && i == ids.size() / 3) RestartBroker();
        stream->Write(Json(R"({"first_name": "a", "last_name": "b"})", ids[i]));
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
      }
      stream->WritesDone();
    });
    gv1::PublishResult r;
    while (stream->Read(&r)) {
      std::lock_guard lock(mu);
      outcome[r.event_id()] = r.code();
    }
    writer.join();
    EXPECT_TRUE(stream->Finish().ok());
  };

  std::vector<std::string> ids;
  for (int i = 0; i < kEvents; ++i) ids.push_back("restart-" + std::to_string(i));
  run_stream(ids, /*restart_midway=*/true);
  ASSERT_EQ(outcome.size(), ids.size()) << "every event gets an answer";

  // Retry what was not acknowledged, with the same ids, until everything is.
  for (int attempt = 0; attempt < 5; ++attempt) {
    std::vector<std::string> retry;
    for (const auto& [id, code] : outcome) {
      if (code != 0) retry.push_back(id);
    }
    if (retry.empty()) break;
    run_stream(retry, false);
  }
  int acked = 0;
  for (const auto& [id, code] : outcome) acked += code == 0;
  EXPECT_EQ(acked, kEvents);

  std::map<std::string, int> seen;
  for (const auto& m : ConsumeAll(KafkaBootstrap(), Topic("Person"), kEvents + 50,
                                  absl::Seconds(10), absl::Seconds(120))) {
    ++seen[m.headers.at("causeway-event-id")];
  }
  int missing = 0, duplicated = 0;
  for (const auto& id : ids) {
    if (seen[id] == 0) ++missing;
    if (seen[id] > 1) ++duplicated;
  }
  EXPECT_EQ(missing, 0);
  EXPECT_EQ(duplicated, 0);
}

}  // namespace
}  // namespace causeway::testing
