#include "relay/server/subscription_plan.h"

#include <gtest/gtest.h>

#include "common/auth/webhook_secret.h"
#include "relay/server/static_subscriptions.h"
#include "view_fixture.h"

namespace causeway::relay {
namespace {

tv1::Subscription Sub(const std::string& name, std::vector<std::string> types,
                      const std::string& zone) {
  tv1::Subscription s;
  s.set_name(name);
  for (const auto& t : types) {
    auto* et = s.add_event_types();
    et->set_namespace_("mfp");
    et->set_name(t);
  }
  s.set_zone(zone);
  s.set_endpoint("https://example.com/cb");
  s.set_state(tv1::SUBSCRIPTION_STATE_ACTIVE);
  s.set_dead_letter_topic("causeway.sub." + name + ".dead-letters");
  s.set_redrive_topic("causeway.sub." + name + ".redrive");
  s.add_secrets()->set_id("aaaaaaaaaaaaaaaaaaaaaaaa");
  return s;
}

std::shared_ptr<const topology::TopologyView> View(std::vector<tv1::Subscription> subs) {
  auto entities = BaseTopology();
  for (const auto& s : subs) entities.push_back(Put(s, topology::EntityKind::kSubscription));
  return topology::TopologyView::FromSnapshot(1, entities);
}

TEST(SubscriptionPlan, OneRunnerPerClusterOfTheZoneWithItsTopicsAndTheRedriveTopic) {
  auto view = View({Sub("feed", {"Person", "Order"}, "eu")});
  std::vector<std::string> problems;
  auto plan = PlanRunners({view.get(), {}, "key", "", absl::Now()}, &problems);
  EXPECT_TRUE(problems.empty());
  ASSERT_EQ(plan.size(), 2u);
  EXPECT_EQ(plan[0].key, "feed@eu-1");
  EXPECT_EQ(plan[0].target.connection.bootstrap_servers, "eu-1:9092");
  EXPECT_EQ(plan[0].target.topics,
            (std::vector<std::string>{"causeway.sub.feed.redrive", "mfp.person"}));
  EXPECT_EQ(plan[1].key, "feed@eu-2");
  EXPECT_EQ(plan[1].target.topics,
            (std::vector<std::string>{"causeway.sub.feed.redrive", "mfp.order"}));
  ASSERT_NE(plan[0].config->signer, nullptr);
  EXPECT_FALSE(plan[0].config->is_static);
}

TEST(SubscriptionPlan, SuspendedSubscriptionsAreNotServed) {
  tv1::Subscription s = Sub("feed", {"Person"}, "us");
  s.set_state(tv1::SUBSCRIPTION_STATE_SUSPENDED);
  auto view = View({s, Sub("other", {"Person"}, "us")});
  auto plan = PlanRunners({view.get(), {}, "key", "", absl::Now()}, nullptr);
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].key, "other@us-1");
}

TEST(SubscriptionPlan, WithoutASigningKeyTopologySubscriptionsAreNotServed) {
  auto view = View({Sub("feed", {"Person"}, "us")});
  std::vector<std::string> problems;
  auto plan = PlanRunners({view.get(), {}, "", "", absl::Now()}, &problems);
  EXPECT_TRUE(plan.empty());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("--subscription-signing-key"), std::string::npos) << problems[0];
}

TEST(SubscriptionPlan, EventTypeNotPlacedInTheZoneIsAProblem) {
  auto view = View({Sub("feed", {"Order"}, "us")});
  std::vector<std::string> problems;
  EXPECT_TRUE(PlanRunners({view.get(), {}, "key", "", absl::Now()}, &problems).empty());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("not placed in zone us"), std::string::npos) << problems[0];
}

TEST(SubscriptionPlan, StaticSubscriptionTakesTheOnlyZoneAndIsUnsignedWithoutAKey) {
  auto view = View({});
  tv1::Subscription order = ToSubscription({"mfp", "Order", "http://localhost:3000/cb"});
  auto plan = PlanRunners({view.get(), {order}, "", "", absl::Now()}, nullptr);
  ASSERT_EQ(plan.size(), 1u);
  EXPECT_EQ(plan[0].config->subscription.zone(), "eu");
  EXPECT_TRUE(plan[0].config->is_static);
  EXPECT_EQ(plan[0].config->signer, nullptr);
  // Person is in two zones: a static subscription cannot choose.
  std::vector<std::string> problems;
  tv1::Subscription person = ToSubscription({"mfp", "Person", "http://localhost:3000/cb"});
  EXPECT_TRUE(PlanRunners({view.get(), {person}, "", "", absl::Now()}, &problems).empty());
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].find("2 zones"), std::string::npos) << problems[0];
}

TEST(SubscriptionPlan, SecretsAreDerivedCurrentFirstAndExpiredOnesDropped) {
  tv1::Subscription s = Sub("feed", {"Person"}, "us");
  s.clear_secrets();
  s.add_secrets()->set_id("current");
  auto* previous = s.add_secrets();
  previous->set_id("previous");
  previous->mutable_expire_time()->set_seconds(2000);
  auto* expired = s.add_secrets();
  expired->set_id("expired");
  expired->mutable_expire_time()->set_seconds(500);
  const absl::Time now = absl::FromUnixSeconds(1000);
  EXPECT_EQ(SigningSecrets(s, "key", now, false),
            (std::vector<std::string>{auth::DeriveWebhookSecret("key", "feed", "current"),
                                      auth::DeriveWebhookSecret("key", "feed", "previous")}));
  EXPECT_EQ(SigningSecrets(s, "key", now, true),
            (std::vector<std::string>{auth::DeriveWebhookSecret("key", "feed", "static")}));
  EXPECT_TRUE(SigningSecrets(s, "", now, false).empty());
}

}  // namespace
}  // namespace causeway::relay
