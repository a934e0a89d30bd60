#pragma once
// causeway-relay on real servers: PostgreSQL, causeway-topology and causeway-gateway
// (in-process, as in tests/integration/gateway), the real Kafka broker, and a CallbackSink as the
// endpoint. The relay is the RelayApp main.cc runs, in-process, or the causeway-relay binary for
// the kill tests. Each test has its own namespace, so its topics and consumer groups are its own.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "causeway/relay/v1/relay.grpc.pb.h"
#include "integration/gateway/gateway_fixture.h"
#include "librdkafka/rdkafka.h"
#include "relay/server/relay_app.h"
#include "common/codec/confluent_framing.h"
#include "relay/server/static_subscriptions.h"
#include "support/callback_sink.h"
#include "support/test_principals.h"

namespace causeway::testing {

namespace rv1 = ::causeway::relay::v1;

// Backoffs short enough for tests: 20 ms initial, x2, at most 200 ms; attempts time out after
// 1 s; retrying lasts at most 30 s.
inline tv1::DeliveryPolicy FastPolicy() {
  tv1::DeliveryPolicy p;
  p.set_initial_backoff_ms(20);
  p.set_backoff_multiplier(2);
  p.set_max_backoff_ms(200);
  p.set_max_retry_duration_ms(30000);
  p.set_attempt_timeout_ms(1000);
  p.set_max_retry_after_ms(5000);
  p.set_max_in_flight(50);
  return p;
}

class RelayTest : public GatewayTest {
 protected:
  void SetUp() override {
    GatewayTest::SetUp();
    relay_token_ = MakePrincipal(*topo_, "relay", tv1::ROLE_RELAY);
    auto sink = CallbackSink::Start();
    ASSERT_TRUE(sink.ok()) << sink.status();
    sink_ = *std::move(sink);
    StartGateway();
  }
  void TearDown() override {
    relay_.reset();
    sink_.reset();
    GatewayTest::TearDown();
  }

  // The static subscription of this test's Person events, from the earliest offset.
  tv1::Subscription StaticPerson(tv1::DeliveryPolicy policy = FastPolicy()) {
    relay::StaticSubscription s{ns_, "Person", sink_->Url()};
    tv1::Subscription sub = relay::ToSubscription(s, tv1::START_POSITION_EARLIEST);
    *sub.mutable_delivery() = policy;
    return sub;
  }

  relay::RelayAppOptions RelayOptions(std::vector<tv1::Subscription> statics,
                                      const std::string& signing_key = "") {
    relay::RelayAppOptions o;
    o.server = ServerOptions{"127.0.0.1:0", "127.0.0.1:0", absl::Seconds(5)};
    o.follower.topology.address = topology_->address();
    o.follower.topology.token = relay_token_;
    o.follower.retry = absl::Milliseconds(100);
    o.follower.max_retry = absl::Milliseconds(500);
    o.supervisor.statics = std::move(statics);
    o.supervisor.signing_key = signing_key;
    o.supervisor.runner.commit_interval = absl::Milliseconds(200);
    o.supervisor.runner.session_timeout = absl::Seconds(6);
    o.supervisor.runner.unknown_schema_wait = absl::Seconds(1);
    o.supervisor.retry = absl::Milliseconds(500);
    o.auth = auth::AuthMode::kDevelopment;
    return o;
  }

  relay::RelayApp& StartRelay(relay::RelayAppOptions options) {
    relay_ = std::make_unique<relay::RelayApp>(std::move(options));
    absl::Status s = relay_->Start();
    EXPECT_TRUE(s.ok()) << s;
    EXPECT_TRUE(relay_->follower().WaitForRevision(topology_->hub().revision(), absl::Seconds(20)));
    return *relay_;
  }

  // Waits until the relay serves `name` with `partitions` partitions assigned.
  bool WaitForAssignment(const std::string& name, int partitions,
                         absl::Duration limit = absl::Seconds(30)) {
    const absl::Time until = absl::Now() + limit;
    while (absl::Now() < until) {
      auto s = relay_->supervisor().Status(name);
      if (s && s->partitions_size() >= partitions) return true;
      absl::SleepFor(absl::Milliseconds(50));
    }
    return false;
  }

  // A valid Person record as the gateway writes it: Confluent framing, the Person schema.
  std::string PersonRecord(const std::string& first_name, int age) {
    std::string datum;
    const auto zigzag = [&](int64_t v) {
      uint64_t z = (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
      while (z >= 0x80) {
        datum.push_back(static_cast<char>((z & 0x7f) | 0x80));
        z >>= 7;
      }
      datum.push_back(static_cast<char>(z));
    };
    zigzag(static_cast<int64_t>(first_name.size()));
    datum += first_name;
    zigzag(1);  // last_name "x"
    datum += "x";
    zigzag(1);  // age: the int branch
    zigzag(age);
    zigzag(0);  // username: null
    return codec::FrameConfluent(codec::GlobalSchemaId{person_.global_id()}, datum);
  }

  // The requests the sink received, by event id (webhook-id), in arrival order.
  std::map<std::string, std::vector<ReceivedRequest>> ByEventId() const {
    std::map<std::string, std::vector<ReceivedRequest>> out;
    for (auto& r : sink_->Received()) out[r.event_id].push_back(r);
    return out;
  }

  // Waits until every id in `ids` was answered 2xx at least once.
  bool WaitForDelivered(const std::vector<std::string>& ids, absl::Duration limit) {
    const absl::Time until = absl::Now() + limit;
    while (absl::Now() < until) {
      std::set<std::string> ok;
      for (auto& r : sink_->Received()) {
        if (r.answered >= 200 && r.answered < 300) ok.insert(r.event_id);
      }
      size_t found = 0;
      for (const auto& id : ids) found += ok.count(id);
      if (found == ids.size()) return true;
      absl::SleepFor(absl::Milliseconds(100));
    }
    return false;
  }

  // The arguments of a causeway-relay process (`bin`) for this test: its topology with the
  // relay's token (written to `dir`), development auth with `--subscriptions=subscriptions`
  // from the earliest offset, a 2 s drain, a 6 s session timeout (the broker's minimum: a killed
  // replica's partitions move after it, not 45 s), ports chosen by the system; then `extra`.
  std::vector<std::string> RelayProcessArgs(const std::string& bin, const std::string& dir,
                                            const std::string& subscriptions,
                                            const std::vector<std::string>& extra) {
    const std::string token_file = dir + "/relay.token";
    std::ofstream(token_file) << relay_token_;
    std::vector<std::string> args{
        bin, "--grpc-listen", "127.0.0.1:0", "--http-listen", "127.0.0.1:0",
        "--topology", topology_->address(), "--topology-token-file", token_file,
        "--snapshot-path", dir + "/relay.snapshot", "--auth", "development", "--subscriptions",
        subscriptions, "--static-start", "earliest", "--drain-seconds", "2",
        "--session-timeout-ms", "6000"};
    args.insert(args.end(), extra.begin(), extra.end());
    return args;
  }

  std::string DeadLetterTopic(const std::string& subscription) const {
    return absl::StrCat("causeway.sub.", subscription, ".dead-letters");
  }

  std::string relay_token_;
  std::unique_ptr<CallbackSink> sink_;
  std::unique_ptr<relay::RelayApp> relay_;
};

}  // namespace causeway::testing
