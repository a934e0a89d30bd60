// The relay's broker stopped and started again mid-delivery (a broker of this test's own, so the
// shared one is left alone): every event is delivered at least once, none lost; the consumer group
// and the commits carry on after the broker is back.
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <iostream>

#include "relay_fixture.h"
#include "support/subprocess.h"

namespace causeway::testing {
namespace {

std::string Kafka(const std::vector<std::string>& args) {
  std::vector<std::string> argv = {std::string(CAUSEWAY_SOURCE_DIR) + "/tools/kafka/kafka"};
  argv.insert(argv.end(), args.begin(), args.end());
  std::string out, err;
  const int rc = RunProcess(argv, &out, &err);
  EXPECT_EQ(rc, 0) << err;
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

class RelayBrokerRestartTest : public RelayTest {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/causeway-relay-kafka.XXXXXX";
    kafka_dir_ = mkdtemp(dir);
    // A free port: bind to 0 and read it back.
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    socklen_t len = sizeof a;
    getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    const int port = ntohs(a.sin_port);
    close(fd);
    bootstrap_ = Kafka({"start", kafka_dir_, std::to_string(port)});
    ASSERT_FALSE(bootstrap_.empty());
    RelayTest::SetUp();
    // Person2 lives on this test's broker only (zone own).
    AddZone("own", bootstrap_);
    CreateEventType("Person2");
    RegisterAndActivate("Person2", kPerson);
    Place("Person2", "own");
    ASSERT_TRUE(gateway_->follower().WaitForRevision(topology_->hub().revision(),
                                                     absl::Seconds(20)));
  }
  void TearDown() override {
    RelayTest::TearDown();
    Kafka({"stop", kafka_dir_});
    std::system(("rm -rf " + kafka_dir_).c_str());
  }

  std::vector<std::string> PublishPerson2(int n) {
    std::vector<std::string> ids;
    for (int i = 0; i < n; ++i) {
      gv1::PublishRequest r = Json(absl::StrCat(R"({"first_name": "b)", i, R"(", "last_name": "r"})"),
                                   absl::StrCat("b-", ns_, "-", i));
      r.set_event_type("Person2");
      r.set_key(absl::StrCat("key-", i % 7));
      gv1::PublishResponse resp;
      grpc::Status s = Publish(r, &resp);
      EXPECT_TRUE(s.ok() && resp.result().code() == 0) << s.error_message() << resp.DebugString();
      ids.push_back(resp.result().event_id());
    }
    return ids;
  }

  std::string kafka_dir_;
  std::string bootstrap_;
};

TEST_F(RelayBrokerRestartTest, BrokerRestartMidDeliveryLosesNothing) {
  sink_->SetDefault(SinkAnswer::Status(204).After(absl::Milliseconds(20)));
  relay::StaticSubscription s{ns_, "Person2", sink_->Url()};
  tv1::Subscription sub = relay::ToSubscription(s, tv1::START_POSITION_EARLIEST);
  *sub.mutable_delivery() = FastPolicy();
  sub.mutable_delivery()->set_max_in_flight(2);
  constexpr int kEvents = 600;
  const std::vector<std::string> ids = PublishPerson2(kEvents);
  // A small window: the relay holds at most 20 records per partition (pausing the partition),
  // so it needs the broker again long before the stream ends.
  auto options = RelayOptions({sub});
  options.supervisor.runner.window = 20;
  StartRelay(std::move(options));
  ASSERT_TRUE(sink_->WaitFor(60, absl::Seconds(60)));
  Kafka({"restart", kafka_dir_});
  const int64_t at_restart = sink_->total();
  ASSERT_TRUE(WaitForDelivered(ids, absl::Seconds(90))) << sink_->total();
  std::map<std::string, int> ok;
  for (const auto& r : sink_->Received()) ok[r.event_id] += r.answered == 204;
  int redelivered = 0;
  for (const auto& [id, n] : ok) redelivered += n - 1;
  std::cout << "broker restarted after " << at_restart << " requests: " << sink_->total()
            << " requests for " << kEvents << " events, " << redelivered << " redeliveries\n";
  EXPECT_LT(at_restart, kEvents / 2);
  // The watermark reaches the end again: commits work after the broker is back.
  const absl::Time until = absl::Now() + absl::Seconds(30);
  rv1::SubscriptionStatus st;
  while (absl::Now() < until) {
    st = *relay_->supervisor().Status(sub.name());
    bool all = st.partitions_size() > 0;
    for (const auto& p : st.partitions()) all = all && p.committed_offset() == p.high_watermark();
    if (all) break;
    absl::SleepFor(absl::Milliseconds(200));
  }
  for (const auto& p : st.partitions()) {
    EXPECT_EQ(p.committed_offset(), p.high_watermark()) << p.DebugString();
  }
}

}  // namespace
}  // namespace causeway::testing
