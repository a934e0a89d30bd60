#include "common/core/names.h"

#include <gtest/gtest.h>

namespace causeway {
namespace {

TEST(ResourceName, AcceptsLowerCaseNamesUpTo63Chars) {
  EXPECT_TRUE(ValidateResourceName("f", "mfp").ok());
  EXPECT_TRUE(ValidateResourceName("f", "eu-west_1").ok());
  EXPECT_TRUE(ValidateResourceName("f", std::string(63, 'a')).ok());
}

TEST(ResourceName, RefusesWithTheFieldPath) {
  for (const std::string& bad : {std::string(""), std::string("Mfp"), std::string("1x"),
                                 std::string("a.b"), std::string(64, 'a'), std::string("-a")}) {
    absl::Status s = ValidateResourceName("zone.name", bad);
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(s.message().substr(0, 10), "zone.name:") << s.message();
  }
}

TEST(EventTypeName, AllowsMixedCaseDotsAndDashes) {
  EXPECT_TRUE(ValidateEventTypeName("f", "FoodEntryCreated").ok());
  EXPECT_TRUE(ValidateEventTypeName("f", "v2.Food-Entry_x").ok());
  EXPECT_TRUE(ValidateEventTypeName("f", std::string(128, 'E')).ok());
  EXPECT_FALSE(ValidateEventTypeName("f", std::string(129, 'E')).ok());
  EXPECT_FALSE(ValidateEventTypeName("f", "_x").ok());
  EXPECT_FALSE(ValidateEventTypeName("f", "a/b").ok());
}

TEST(BootstrapServers, ParsesHostPortListsIncludingIpv6) {
  auto servers = ParseBootstrapServers("f", "a.example:9092, 10.0.0.1:9093,[::1]:9094");
  ASSERT_TRUE(servers.ok()) << servers.status();
  ASSERT_EQ(servers->size(), 3u);
  EXPECT_EQ((*servers)[0].host, "a.example");
  EXPECT_EQ((*servers)[1].port, 9093);
  EXPECT_EQ((*servers)[2].host, "[::1]");
}

TEST(BootstrapServers, RefusesMissingOrBadPorts) {
  for (const char* bad : {"", "host", "host:", "host:0", "host:65536", "host:x", ",", "a:1,"}) {
    EXPECT_FALSE(ParseBootstrapServers("f", bad).ok()) << bad;
  }
}

TEST(TopicName, DefaultIsLowerCasedNamespaceDotEventType) {
  EXPECT_EQ(DefaultTopicName("mfp", "FoodEntryCreated"), "mfp.foodentrycreated");
  EXPECT_TRUE(ValidateTopicName("f", "mfp.foodentrycreated").ok());
  EXPECT_FALSE(ValidateTopicName("f", "..").ok());
  EXPECT_FALSE(ValidateTopicName("f", "a b").ok());
}

}  // namespace
}  // namespace causeway
