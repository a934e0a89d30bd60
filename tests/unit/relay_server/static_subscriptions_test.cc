#include "relay/server/static_subscriptions.h"

#include <gtest/gtest.h>

namespace causeway::relay {
namespace {

TEST(StaticSubscriptions, TheSeedsFormParses) {
  auto subs = ParseStaticSubscriptions(
      "mfp/Person=http://localhost:3000/callback, mmf/activity_feed_updated=https://x.example/cb");
  ASSERT_TRUE(subs.ok()) << subs.status();
  ASSERT_EQ(subs->size(), 2u);
  EXPECT_EQ((*subs)[0].ns, "mfp");
  EXPECT_EQ((*subs)[0].event_type, "Person");
  EXPECT_EQ((*subs)[0].endpoint, "http://localhost:3000/callback");
  EXPECT_EQ((*subs)[1].event_type, "activity_feed_updated");
}

TEST(StaticSubscriptions, BadEntriesNameTheirIndex) {
  for (const auto& [flag, want] : std::vector<std::pair<std::string, std::string>>{
           {"mfp/Person", "--subscriptions[0]: no '='"},
           {"Person=http://x/cb", "--subscriptions[0]: the event type must be"},
           {"mfp/Person=ftp://x/cb", "--subscriptions[0]: the endpoint must be an http"},
           {"mfp/A=http://x/a,mfp/A=http://x/b", "--subscriptions[1]: the event type is listed twice"}}) {
    auto subs = ParseStaticSubscriptions(flag);
    ASSERT_FALSE(subs.ok()) << flag;
    EXPECT_EQ(subs.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(subs.status().message().find(want), std::string::npos) << subs.status();
  }
}

TEST(StaticSubscriptions, SubscriptionHasTheDefaultsAndItsNames) {
  namespace tv1 = ::causeway::topology::v1;
  tv1::Subscription s = ToSubscription({"mfp", "Person_Created", "http://localhost:3000/cb"},
                                       topology::v1::START_POSITION_EARLIEST);
  EXPECT_EQ(s.name(), "static-mfp-person-created");
  EXPECT_EQ(s.dead_letter_topic(), "causeway.sub.static-mfp-person-created.dead-letters");
  EXPECT_EQ(s.ordering(), topology::v1::SUBSCRIPTION_ORDERING_KEY);
  EXPECT_EQ(s.state(), topology::v1::SUBSCRIPTION_STATE_ACTIVE);
  EXPECT_EQ(s.start(), topology::v1::START_POSITION_EARLIEST);
  EXPECT_TRUE(s.allow_private_endpoint());
  ASSERT_EQ(s.event_types_size(), 1);
  EXPECT_EQ(s.event_types(0).name(), "Person_Created");
}

}  // namespace
}  // namespace causeway::relay
