// Subscription rules (topology/subscription_rules.h): defaults, the zone choice, the clusters
// read, and secret rotation. Validation messages are covered end to end in
// tests/integration/subscriptions.
#include "topology/subscription_rules.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "google/protobuf/util/time_util.h"

namespace causeway::topology {
namespace {

using google::protobuf::util::TimeUtil;

v1::Subscription Reading(const std::vector<std::string>& event_types) {
  v1::Subscription s;
  s.set_name("orders");
  s.set_endpoint("https://hooks.example.com/");
  for (const std::string& et : event_types) {
    auto* ref = s.add_event_types();
    ref->set_namespace_("mfp");
    ref->set_name(et);
  }
  return s;
}

v1::Placement Placed(const std::string& et, const std::string& zone, const std::string& cluster) {
  v1::Placement p;
  p.set_namespace_("mfp");
  p.set_event_type(et);
  p.set_zone(zone);
  p.set_cluster(cluster);
  return p;
}

TEST(SubscriptionRulesTest, DefaultsMakeAValidSubscription) {
  v1::Subscription s = Reading({"A"});
  FillSubscriptionDefaults(&s);
  EXPECT_TRUE(ValidateSubscription(s).ok()) << ValidateSubscription(s);
  // A shorter retry window caps the Retry-After default.
  v1::Subscription short_window = Reading({"A"});
  short_window.mutable_delivery()->set_max_retry_duration_ms(5000);
  FillSubscriptionDefaults(&short_window);
  EXPECT_EQ(short_window.delivery().max_retry_after_ms(), 5000);
  EXPECT_TRUE(ValidateSubscription(short_window).ok());
}

TEST(SubscriptionRulesTest, ModeDefaultsFromTheEndpointAndPullHasNone) {
  v1::Subscription push = Reading({"A"});
  FillSubscriptionDefaults(&push);
  EXPECT_EQ(push.mode(), v1::SUBSCRIPTION_MODE_PUSH);
  v1::Subscription pull = Reading({"A"});
  pull.clear_endpoint();
  FillSubscriptionDefaults(&pull);
  EXPECT_EQ(pull.mode(), v1::SUBSCRIPTION_MODE_PULL);
  pull.set_content(v1::SUBSCRIPTION_CONTENT_AVRO);
  EXPECT_TRUE(ValidateSubscription(pull).ok()) << ValidateSubscription(pull);
  pull.set_endpoint("https://hooks.example.com/");
  EXPECT_EQ(ValidateSubscription(pull).message(),
            "subscription.endpoint: a PULL subscription has no endpoint");
  push.clear_endpoint();
  EXPECT_TRUE(absl::StartsWith(ValidateSubscription(push).message(),
                               "subscription.endpoint: required"))
      << ValidateSubscription(push);
}

TEST(SubscriptionRulesTest, TheZoneIsTheOneAllEventTypesShare) {
  const std::vector<v1::Placement> placements = {Placed("A", "eu", "eu-1"), Placed("A", "us", "us-1"),
                                                 Placed("B", "eu", "eu-2")};
  v1::Subscription both = Reading({"A", "B"});
  ASSERT_TRUE(ChooseSubscriptionZone(placements, &both).ok());
  EXPECT_EQ(both.zone(), "eu");
  EXPECT_EQ(SubscriptionClusters(placements, both), (std::vector<std::string>{"eu-1", "eu-2"}));

  v1::Subscription only_a = Reading({"A"});
  EXPECT_EQ(ChooseSubscriptionZone(placements, &only_a).code(),
            absl::StatusCode::kFailedPrecondition);
  only_a.set_zone("us");
  EXPECT_TRUE(ChooseSubscriptionZone(placements, &only_a).ok());
  EXPECT_EQ(SubscriptionClusters(placements, only_a), (std::vector<std::string>{"us-1"}));

  v1::Subscription b_in_us = Reading({"A", "B"});
  b_in_us.set_zone("us");
  absl::Status s = ChooseSubscriptionZone(placements, &b_in_us);
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(s.message(), "subscription.zone: event type mfp/B is not placed in zone \"us\"");
}

TEST(SubscriptionRulesTest, RotationKeepsTheCurrentOneUntilTheOverlapEnds) {
  v1::Subscription s = Reading({"A"});
  RotateSecrets("first", 1'000'000, 0, &s);
  ASSERT_EQ(s.secrets_size(), 1);
  EXPECT_FALSE(s.secrets(0).has_expire_time());
  RotateSecrets("second", 2'000'000, 60, &s);
  ASSERT_EQ(s.secrets_size(), 2);
  EXPECT_EQ(s.secrets(0).id(), "second");
  EXPECT_EQ(s.secrets(1).id(), "first");
  EXPECT_EQ(TimeUtil::TimestampToMicroseconds(s.secrets(1).expire_time()), 62'000'000);
  RotateSecrets("third", 3'000'000, 60, &s);
  ASSERT_EQ(s.secrets_size(), 2) << "at most two";
  EXPECT_EQ(s.secrets(0).id(), "third");
  EXPECT_EQ(s.secrets(1).id(), "second");
}

TEST(SubscriptionRulesTest, TopicNames) {
  EXPECT_EQ(DeadLetterTopic("orders"), "causeway.sub.orders.dead-letters");
  EXPECT_EQ(RedriveTopic("orders"), "causeway.sub.orders.redrive");
}

}  // namespace
}  // namespace causeway::topology
