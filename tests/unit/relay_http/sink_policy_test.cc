#include "support/sink_policy.h"

#include "gtest/gtest.h"

namespace causeway::testing {
namespace {

TEST(SinkPolicy, SequencePerEventIdThenDefault) {
  SinkPolicy policy;
  policy.SetDefault(SinkAnswer::Status(200));
  policy.SetSequence("e1", {SinkAnswer::Status(503).WithRetryAfter("2"), SinkAnswer::Status(500)});
  EXPECT_EQ(policy.Answer("e1", 0).status, 503);
  EXPECT_EQ(policy.Answer("e1", 0).retry_after, "2");
  EXPECT_EQ(policy.Answer("e1", 1).status, 500);
  EXPECT_EQ(policy.Answer("e1", 2).status, 200);
  EXPECT_EQ(policy.Answer("e2", 0).status, 200);
}

TEST(SinkPolicy, RandomFailuresFollowTheSeedAndFraction) {
  auto run = [](uint64_t seed) {
    SinkPolicy policy;
    policy.SetRandomFailures({0.3, seed, {SinkAnswer::Status(503)}});
    std::vector<int> statuses;
    for (int i = 0; i < 10000; ++i) statuses.push_back(policy.Answer("x", i).status);
    return statuses;
  };
  const std::vector<int> a = run(7);
  EXPECT_EQ(a, run(7));
  EXPECT_NE(a, run(8));
  const auto failures = std::count(a.begin(), a.end(), 503);
  EXPECT_GT(failures, 2700);
  EXPECT_LT(failures, 3300);
  EXPECT_EQ(std::count(a.begin(), a.end(), 204), 10000 - failures);
}

}  // namespace
}  // namespace causeway::testing
