#include "relay/core/retry_policy.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace causeway::relay {
namespace {

constexpr uint64_t kMin = 0;
constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();
constexpr uint64_t kHalf = uint64_t{1} << 63;

absl::Time Now() { return absl::FromUnixSeconds(1764756000); }  // 2025-12-03T10:00:00Z

TEST(RetryPolicyTest, ZeroFieldsTakeTheDocumentedDefaults) {
  RetrySettings s = RetrySettingsFromProto(topology::v1::DeliveryPolicy());
  EXPECT_EQ(s.initial_backoff, absl::Seconds(1));
  EXPECT_EQ(s.backoff_multiplier, 2);
  EXPECT_EQ(s.max_backoff, absl::Minutes(10));
  EXPECT_EQ(s.max_retry_duration, absl::Hours(1));
  EXPECT_EQ(s.attempt_timeout, absl::Seconds(10));
  EXPECT_EQ(s.max_retry_after, absl::Minutes(10));
  EXPECT_EQ(s.max_in_flight, 100);
  EXPECT_FALSE(s.retry_client_errors);
}

TEST(RetryPolicyTest, GivenFieldsOverrideTheDefaults) {
  topology::v1::DeliveryPolicy p;
  p.set_initial_backoff_ms(250);
  p.set_backoff_multiplier(3);
  p.set_max_backoff_ms(5000);
  p.set_max_retry_duration_ms(60000);
  p.set_attempt_timeout_ms(2000);
  p.set_max_retry_after_ms(30000);
  p.set_retry_client_errors(true);
  p.set_max_in_flight(7);
  RetrySettings s = RetrySettingsFromProto(p);
  EXPECT_EQ(s.initial_backoff, absl::Milliseconds(250));
  EXPECT_EQ(s.backoff_multiplier, 3);
  EXPECT_EQ(s.max_backoff, absl::Seconds(5));
  EXPECT_EQ(s.max_retry_duration, absl::Minutes(1));
  EXPECT_EQ(s.attempt_timeout, absl::Seconds(2));
  EXPECT_EQ(s.max_retry_after, absl::Seconds(30));
  EXPECT_TRUE(s.retry_client_errors);
  EXPECT_EQ(s.max_in_flight, 7);
}

TEST(RetryPolicyTest, CeilingGrowsExponentiallyUpToTheCap) {
  RetryPolicy policy{topology::v1::DeliveryPolicy()};
  EXPECT_EQ(policy.BackoffCeiling(1), absl::Seconds(1));
  EXPECT_EQ(policy.BackoffCeiling(2), absl::Seconds(2));
  EXPECT_EQ(policy.BackoffCeiling(3), absl::Seconds(4));
  EXPECT_EQ(policy.BackoffCeiling(10), absl::Seconds(512));
  EXPECT_EQ(policy.BackoffCeiling(11), absl::Minutes(10));  // 1024 s > cap
  EXPECT_EQ(policy.BackoffCeiling(100000), absl::Minutes(10));
  EXPECT_EQ(policy.BackoffCeiling(0), absl::Seconds(1));
}

TEST(RetryPolicyTest, FullJitterSpansZeroToTheCeilingInclusive) {
  RetryPolicy policy{topology::v1::DeliveryPolicy()};
  EXPECT_EQ(policy.NextDelay(3, [] { return kMin; }), absl::ZeroDuration());
  EXPECT_EQ(policy.NextDelay(3, [] { return kMax; }), absl::Seconds(4));
  EXPECT_EQ(policy.NextDelay(3, [] { return kHalf; }), absl::Seconds(2));
  EXPECT_EQ(policy.NextDelay(20, [] { return kMax; }), absl::Minutes(10));
  EXPECT_EQ(policy.NextDelay(20, [] { return kHalf; }), absl::Minutes(5));
}

TEST(RetryPolicyTest, MaxBackoffBelowInitialIsRaisedToInitial) {
  RetrySettings s;
  s.initial_backoff = absl::Seconds(5);
  s.max_backoff = absl::Seconds(1);
  RetryPolicy policy(s);
  EXPECT_EQ(policy.BackoffCeiling(3), absl::Seconds(5));
}

TEST(RetryPolicyTest, RetryAfterDeltaSeconds) {
  RetryPolicy policy{topology::v1::DeliveryPolicy()};
  EXPECT_EQ(*policy.ParseRetryAfter("120", Now()), absl::Seconds(120));
  EXPECT_EQ(*policy.ParseRetryAfter(" 0 ", Now()), absl::ZeroDuration());
}

TEST(RetryPolicyTest, RetryAfterIsCappedAtMaxRetryAfter) {
  RetryPolicy policy{topology::v1::DeliveryPolicy()};
  EXPECT_EQ(*policy.ParseRetryAfter("86400", Now()), absl::Minutes(10));
  EXPECT_EQ(*policy.ParseRetryAfter("999999999999999999999999", Now()), absl::Minutes(10));
  EXPECT_EQ(*policy.ParseRetryAfter("Wed, 03 Dec 2025 12:00:00 GMT", Now()), absl::Minutes(10));
}

TEST(RetryPolicyTest, RetryAfterImfFixdate) {
  RetryPolicy policy{topology::v1::DeliveryPolicy()};
  EXPECT_EQ(*policy.ParseRetryAfter("Wed, 03 Dec 2025 10:01:30 GMT", Now()), absl::Seconds(90));
}

TEST(RetryPolicyTest, RetryAfterDateInThePastIsZero) {
  RetryPolicy policy{topology::v1::DeliveryPolicy()};
  EXPECT_EQ(*policy.ParseRetryAfter("Sun, 06 Nov 1994 08:49:37 GMT", Now()),
            absl::ZeroDuration());
}

TEST(RetryPolicyTest, RetryAfterGarbageIsInvalid) {
  RetryPolicy policy{topology::v1::DeliveryPolicy()};
  for (const char* v : {"", "soon", "-5", "1.5", "Wed, 03 Dec 2025 10:01:30 CET",
                        "2025-12-03T10:01:30Z"}) {
    EXPECT_EQ(policy.ParseRetryAfter(v, Now()).status().code(),
              absl::StatusCode::kInvalidArgument)
        << v;
  }
}

TEST(RetryPolicyTest, DelayUsesRetryAfterWhenValidElseBackoff) {
  RetryPolicy policy{topology::v1::DeliveryPolicy()};
  auto max = [] { return kMax; };
  EXPECT_EQ(policy.DelayBeforeNextAttempt(1, "30", Now(), max), absl::Seconds(30));
  EXPECT_EQ(policy.DelayBeforeNextAttempt(2, "later", Now(), max), absl::Seconds(2));
  EXPECT_EQ(policy.DelayBeforeNextAttempt(2, "", Now(), max), absl::Seconds(2));
}

TEST(RetryPolicyTest, BudgetIsExhaustedOnlyPastMaxRetryDuration) {
  RetryPolicy policy{topology::v1::DeliveryPolicy()};
  const absl::Time first = Now();
  EXPECT_FALSE(policy.Exhausted(first, first + absl::Minutes(59)));
  EXPECT_FALSE(policy.Exhausted(first, first + absl::Hours(1)));
  EXPECT_TRUE(policy.Exhausted(first, first + absl::Hours(1) + absl::Milliseconds(1)));
}

}  // namespace
}  // namespace causeway::relay
