// The relay under faults beyond the delivery tests: an endpoint down for two minutes and back (the
// retry schedule kept, only the retrying keys held back), and dead letters listed and redriven
// with the CLI.
#include <cmath>
#include <iostream>
#include <map>
#include <set>

#include "relay_fixture.h"
#include "support/subprocess.h"

namespace causeway::testing {
namespace {

class RelayFaultsTest : public RelayTest {
 protected:
  // A subscription of this test's Person events made through topology (the sink is on loopback,
  // so the admin allows a private endpoint). Returns the signing secret it answered.
  std::string CreatePersonSubscription(const std::string& name, tv1::DeliveryPolicy policy) {
    tv1::CreateSubscriptionRequest req;
    tv1::Subscription* s = req.mutable_subscription();
    s->set_name(name);
    tv1::EventTypeRef* et = s->add_event_types();
    et->set_namespace_(ns_);
    et->set_name("Person");
    s->set_endpoint(sink_->Url());
    s->set_allow_private_endpoint(true);
    s->set_start(tv1::START_POSITION_EARLIEST);
    *s->mutable_delivery() = policy;
    tv1::CreateSubscriptionResponse resp;
    grpc::Status st = topo_->CreateSubscription(Context().get(), req, &resp);
    EXPECT_TRUE(st.ok()) << st.error_message();
    subscription_ = resp.subscription();
    return resp.signing_secret();
  }

  // The relay following topology (no static subscriptions), signing with the test key.
  relay::RelayApp& StartTopologyRelay() {
    return StartRelay(RelayOptions({}, kTestSigningKey));
  }

  tv1::Subscription subscription_;
};

TEST_F(RelayFaultsTest, EndpointDownForTwoMinutesThenBackDeliversEverythingOnTheRetrySchedule) {
  // The policy's schedule: attempt n+1 comes at most min(8 s, 0.5 s * 2^(n-1)) after attempt n
  // ended (full jitter: anywhere from 0 to that).
  tv1::DeliveryPolicy policy = FastPolicy();
  policy.set_initial_backoff_ms(500);
  policy.set_backoff_multiplier(2);
  policy.set_max_backoff_ms(8000);
  policy.set_max_retry_duration_ms(600000);
  sink_->SetDefault(SinkAnswer::Status(503));
  const std::string name = UniqueName("down");
  CreatePersonSubscription(name, policy);
  StartTopologyRelay();
  ASSERT_TRUE(WaitForAssignment(name, 3));
  constexpr int kKeys = 8;
  const std::vector<std::string> ids = PublishPeople(80, kKeys);
  absl::SleepFor(absl::Minutes(2));
  const std::vector<ReceivedRequest> while_down = sink_->Received();
  sink_->SetDefault(SinkAnswer::Status(204));
  ASSERT_TRUE(WaitForDelivered(ids, absl::Seconds(60))) << sink_->total();

  // While down, only the head event of each key was tried: a retrying event holds back its key
  // and nothing else.
  std::set<std::string> tried;
  for (const ReceivedRequest& r : while_down) tried.insert(r.event_id);
  EXPECT_LE(tried.size(), static_cast<size_t>(kKeys));
  EXPECT_GE(tried.size(), 1u);

  // Every gap between two attempts of one event stays within the policy's ceiling (plus the
  // time an attempt takes and scheduling slack), and retrying never stopped.
  std::map<std::string, std::vector<absl::Time>> attempts;
  for (const ReceivedRequest& r : sink_->Received()) attempts[r.event_id].push_back(r.arrival);
  int checked = 0;
  for (const std::string& id : tried) {
    const std::vector<absl::Time>& at = attempts[id];
    ASSERT_GE(at.size(), 6u) << id << " was tried only " << at.size() << " times in 2 minutes";
    for (size_t n = 1; n < at.size(); ++n) {
      const double ceiling_s = std::min(8.0, 0.5 * std::pow(2.0, static_cast<double>(n - 1)));
      EXPECT_LE(absl::ToDoubleSeconds(at[n] - at[n - 1]), ceiling_s + 1.5)
          << id << " attempt " << n + 1;
      ++checked;
    }
  }
  std::cout << "endpoint down 2 min: " << while_down.size() << " attempts of " << tried.size()
            << " events (one per key) while down, " << checked << " gaps within the schedule, "
            << sink_->total() << " requests in all for " << ids.size() << " events\n";
}

TEST_F(RelayFaultsTest, DeadLettersAreListedAndRedrivenWithTheCli) {
  const std::string name = UniqueName("dl");
  tv1::DeliveryPolicy policy = FastPolicy();
  CreatePersonSubscription(name, policy);
  const std::vector<std::string> ids = PublishPeople(6, 3);
  // The first two events are refused (404: a client error, dead-lettered at once).
  sink_->SetSequence(ids[0], {SinkAnswer::Status(404)});
  sink_->SetSequence(ids[1], {SinkAnswer::Status(404)});
  StartTopologyRelay();
  ASSERT_TRUE(WaitForDelivered({ids.begin() + 2, ids.end()}, absl::Seconds(30)));

  const std::string cli = CAUSEWAY_CLI;
  const std::vector<std::string> base = {cli, "--server", topology_->address(), "--token",
                                         kTestAdminToken};
  auto run = [&](std::vector<std::string> args, std::string* out) {
    std::vector<std::string> argv = base;
    argv.insert(argv.end(), args.begin(), args.end());
    std::string err;
    const int rc = RunProcess(argv, out, &err);
    EXPECT_EQ(rc, 0) << err;
    return rc;
  };
  // Dead-lettered once the producer acknowledged: poll the listing.
  std::string listing;
  for (int i = 0; i < 50; ++i) {
    listing.clear();
    run({"subscription", "dead-letters", "list", name}, &listing);
    if (listing.find(ids[0]) != std::string::npos && listing.find(ids[1]) != std::string::npos) {
      break;
    }
    absl::SleepFor(absl::Milliseconds(200));
  }
  EXPECT_NE(listing.find(absl::StrCat("\"event_id\":\"", ids[0], "\"")), std::string::npos)
      << listing;
  EXPECT_NE(listing.find("\"reason\":\"client_error\""), std::string::npos) << listing;
  EXPECT_NE(listing.find("\"last_status\":\"404\""), std::string::npos) << listing;

  // Redriven: the endpoint now takes them; both are delivered again from the redrive topic,
  // and the dead-letter topic is empty afterwards.
  std::string out;
  run({"subscription", "dead-letters", "redrive", name, "--purge"}, &out);
  ASSERT_TRUE(WaitForDelivered({ids[0], ids[1]}, absl::Seconds(30)));
  listing.clear();
  run({"subscription", "dead-letters", "list", name}, &listing);
  EXPECT_EQ(listing, "") << listing;
}

}  // namespace
}  // namespace causeway::testing
