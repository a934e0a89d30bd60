#include "topology/watch_quota.h"

#include <gtest/gtest.h>

#include <optional>
#include <vector>

namespace causeway::topology {
namespace {

TEST(WatchQuota, RefusesAPrincipalsStreamBeyondItsLimitAndNotOthers) {
  WatchQuota quota({.per_principal = 2, .total = 10});
  auto a1 = quota.Acquire("a");
  auto a2 = quota.Acquire("a");
  ASSERT_TRUE(a1.ok() && a2.ok());
  auto a3 = quota.Acquire("a");
  EXPECT_EQ(a3.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(a3.status().message().find("--watch-streams-per-principal"), std::string::npos);
  EXPECT_TRUE(quota.Acquire("b").ok());
  EXPECT_EQ(quota.open_by("a"), 2);
}

TEST(WatchQuota, RefusesAnyStreamBeyondTheReplicaLimit) {
  WatchQuota quota({.per_principal = 5, .total = 3});
  std::vector<WatchQuota::Slot> slots;
  for (const char* p : {"a", "b", "c"}) slots.push_back(*quota.Acquire(p));
  auto d = quota.Acquire("d");
  EXPECT_EQ(d.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_NE(d.status().message().find("--watch-streams"), std::string::npos);
  EXPECT_EQ(quota.open(), 3);
}

TEST(WatchQuota, AClosedStreamGivesItsPlaceBack) {
  WatchQuota quota({.per_principal = 1, .total = 10});
  {
    auto slot = quota.Acquire("a");
    ASSERT_TRUE(slot.ok());
    std::optional<WatchQuota::Slot> moved(*std::move(slot));  // a moved-from slot frees nothing
    EXPECT_FALSE(quota.Acquire("a").ok());
  }
  EXPECT_EQ(quota.open(), 0);
  EXPECT_EQ(quota.open_by("a"), 0);
  EXPECT_TRUE(quota.Acquire("a").ok());
}

}  // namespace
}  // namespace causeway::topology
