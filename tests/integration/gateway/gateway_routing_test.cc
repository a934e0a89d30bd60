// Routing to several zones, partial failure reported per zone, and PublishStream acknowledgements.
#include "gateway_fixture.h"
#include <signal.h>
#include <sys/wait.h>

#include <fstream>

#include "support/subprocess.h"

namespace causeway::testing {
namespace {

// causeway-devkafka (librdkafka's mock cluster) as a second, independent cluster. It has no admin
// API, so the topic is declared at start.
class MockCluster {
 public:
  explicit MockCluster(const std::string& topic) {
    char dir[] = "/tmp/causeway-mock.XXXXXX";
    dir_ = mkdtemp(dir);
    const std::string file = dir_ + "/bootstrap";
    pid_ = fork();
    if (pid_ == 0) {
      execl(CAUSEWAY_DEVKAFKA_BIN, CAUSEWAY_DEVKAFKA_BIN, "--bootstrap-file", file.c_str(),
            "--topic", (topic + ":3").c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    for (int i = 0; i < 100 && bootstrap_.empty(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      std::ifstream in(file);
      std::getline(in, bootstrap_);
    }
  }
  ~MockCluster() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    std::system(("rm -rf " + dir_).c_str());
  }
  const std::string& bootstrap() const { return bootstrap_; }

 private:
  std::string dir_;
  std::string bootstrap_;
  pid_t pid_ = -1;
};

TEST_F(GatewayTest, EventTypeInTwoZonesIsWrittenToEach) {
  MockCluster us(Topic("Person"));
  ASSERT_FALSE(us.bootstrap().empty());
  AddZone("us", us.bootstrap());
  Place("Person", "us");
  StartGateway();
  gv1::PublishResponse out;
  grpc::Status s = Publish(Json(R"({"first_name": "a", "last_name": "b"})", "two-zones"), &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  ASSERT_EQ(out.result().zones_size(), 2);
  std::set<std::string> zones;
  for (const auto& z : out.result().zones()) {
    zones.insert(z.zone());
    EXPECT_EQ(z.code(), 0) << z.message();
  }
  EXPECT_EQ(zones, (std::set<std::string>{"eu", "us"}));
  EXPECT_EQ(ConsumeAll(KafkaBootstrap(), Topic("Person"), 1).size(), 1u);
  auto in_us = ConsumeAll(us.bootstrap(), Topic("Person"), 1);
  ASSERT_EQ(in_us.size(), 1u);
  EXPECT_EQ(in_us[0].headers.at("causeway-event-id"), "two-zones");
}

TEST_F(GatewayTest, PartialFailureIsReportedPerZone) {
  AddZone("us", "127.0.0.1:1");
  // The us cluster cannot create topics, so the placement is recorded through a reachable
  // address first and then pointed at nothing.
  tv1::GetClusterRequest get;
  get.set_name("us-1");
  tv1::Cluster us;
  ASSERT_TRUE(topo_->GetCluster(Context().get(), get, &us).ok());
  tv1::UpdateClusterRequest upd;
  *upd.mutable_cluster() = us;
  upd.mutable_cluster()->set_bootstrap_servers(KafkaBootstrap());
  ASSERT_TRUE(topo_->UpdateCluster(Context().get(), upd, &us).ok());
  Place("Person", "us");
  *upd.mutable_cluster() = us;
  upd.mutable_cluster()->set_bootstrap_servers("127.0.0.1:1");
  ASSERT_TRUE(topo_->UpdateCluster(Context().get(), upd, &us).ok());

  GatewayOptions options;
  options.sink.message_timeout = absl::Seconds(2);
  StartGateway(options);
  gv1::PublishBatchRequest batch;
  *batch.add_events() = Json(R"({"first_name": "a", "last_name": "b"})", "partial");
  gv1::PublishBatchResponse out;
  grpc::ClientContext ctx;
  ASSERT_TRUE(gateway_->stub().PublishBatch(&ctx, batch, &out).ok());
  const auto& r = out.results(0);
  EXPECT_EQ(r.code(), grpc::StatusCode::UNAVAILABLE) << r.message();
  ASSERT_EQ(r.zones_size(), 2);
  for (const auto& z : r.zones()) {
    EXPECT_EQ(z.code(), z.zone() == "eu" ? 0 : grpc::StatusCode::UNAVAILABLE) << z.zone();
  }
  EXPECT_NE(r.message().find("zone us"), std::string::npos) << r.message();
}

TEST_F(GatewayTest, StreamAcknowledgesEachEventById) {
  StartGateway();
  grpc::ClientContext ctx;
  auto stream = gateway_->stub().PublishStream(&ctx);
  constexpr int kEvents = 200;
  std::thread writer([&] {
    for (int i = 0; i < kEvents; ++i) {
      auto req = Json(i == 7 ? R"({"first_name": 7})"
                             : R"({"first_name": "a", "last_name": "b"})",
                      "stream-" + std::to_string(i));
      stream->Write(req);
    }
    stream->WritesDone();
  });
  std::set<std::string> acked, refused;
  gv1::PublishResult r;
  while (stream->Read(&r)) (r.code() == 0 ? acked : refused).insert(r.event_id());
  writer.join();
  ASSERT_TRUE(stream->Finish().ok());
  EXPECT_EQ(acked.size(), static_cast<size_t>(kEvents - 1));
  EXPECT_EQ(refused, (std::set<std::string>{"stream-7"}));
  EXPECT_EQ(ConsumeAll(KafkaBootstrap(), Topic("Person"), kEvents).size(),
            static_cast<size_t>(kEvents - 1));
}

}  // namespace
}  // namespace causeway::testing
