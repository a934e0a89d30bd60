#include "relay/core/subscription_health.h"

#include <gtest/gtest.h>

namespace causeway::relay {
namespace {

absl::Time Now() { return absl::FromUnixSeconds(1764756000); }

Classification Of(StatusClass c, int status = 0) {
  Classification out;
  out.status_class = c;
  out.http_status = status;
  return out;
}

// `good` 2xx and `bad` of the given class, all at `now`.
AttemptCounts Mix(int good, int bad, StatusClass c, int status = 0) {
  OutcomeWindow w;
  for (int i = 0; i < good; ++i) w.Record(Of(StatusClass::k2xx, 200), Now());
  for (int i = 0; i < bad; ++i) w.Record(Of(c, status), Now());
  return w.Totals(Now());
}

HealthState StateOf(const AttemptCounts& counts) {
  HealthInput in;
  in.window = counts;
  return EvaluateHealth(in, Now());
}

TEST(SubscriptionHealthTest, AllDeliveredIsHealthy) {
  EXPECT_EQ(StateOf(Mix(100, 0, StatusClass::k5xx)), HealthState::kHealthy);
  EXPECT_EQ(StateOf(AttemptCounts{}), HealthState::kHealthy);
}

TEST(SubscriptionHealthTest, ServerErrorsAboveTenPercentAreMalfunctioning) {
  EXPECT_EQ(StateOf(Mix(90, 10, StatusClass::k5xx, 500)), HealthState::kHealthy);  // exactly 10 %
  EXPECT_EQ(StateOf(Mix(89, 11, StatusClass::k5xx, 500)), HealthState::kMalfunctioning);
}

TEST(SubscriptionHealthTest, TimeoutsAboveTenPercentAreTimingOut) {
  EXPECT_EQ(StateOf(Mix(90, 10, StatusClass::kTimeout)), HealthState::kHealthy);
  EXPECT_EQ(StateOf(Mix(80, 20, StatusClass::kTimeout)), HealthState::kTimingOut);
}

TEST(SubscriptionHealthTest, ConnectErrorsAboveTenPercentAreUnreachable) {
  EXPECT_EQ(StateOf(Mix(80, 20, StatusClass::kConnectError)), HealthState::kUnreachable);
  EXPECT_EQ(StateOf(Mix(80, 20, StatusClass::kRefusedAddress)), HealthState::kUnreachable);
}

TEST(SubscriptionHealthTest, OnlyConnectErrorsAreUnreachableEvenWithFewAttempts) {
  EXPECT_EQ(StateOf(Mix(0, 2, StatusClass::kConnectError)), HealthState::kUnreachable);
  // Below min_attempts the ratio rules do not apply.
  EXPECT_EQ(StateOf(Mix(1, 2, StatusClass::kConnectError)), HealthState::kHealthy);
  EXPECT_EQ(StateOf(Mix(0, 3, StatusClass::k5xx, 500)), HealthState::kHealthy);
}

TEST(SubscriptionHealthTest, ClientErrorsAboveTenPercentAreReceivingMalformed) {
  EXPECT_EQ(StateOf(Mix(80, 20, StatusClass::k4xx, 422)), HealthState::kReceivingMalformed);
  EXPECT_EQ(StateOf(Mix(80, 20, StatusClass::k3xx, 302)), HealthState::kReceivingMalformed);
}

TEST(SubscriptionHealthTest, ThrottlingIsNotMalformed) {
  EXPECT_EQ(StateOf(Mix(50, 50, StatusClass::k4xx, 429)), HealthState::kHealthy);
}

TEST(SubscriptionHealthTest, OldUndeliveredEventIsLagging) {
  HealthInput in;
  in.window = Mix(100, 0, StatusClass::k2xx);
  in.oldest_undelivered = Now() - absl::Seconds(60);
  EXPECT_EQ(EvaluateHealth(in, Now()), HealthState::kHealthy);  // at the threshold
  in.oldest_undelivered = Now() - absl::Seconds(61);
  EXPECT_EQ(EvaluateHealth(in, Now()), HealthState::kLagging);
}

TEST(SubscriptionHealthTest, PrecedenceNamesTheCauseBeforeItsSymptoms) {
  OutcomeWindow w;
  for (int i = 0; i < 20; ++i) {
    w.Record(Of(StatusClass::kConnectError), Now());
    w.Record(Of(StatusClass::kTimeout), Now());
    w.Record(Of(StatusClass::k5xx, 500), Now());
    w.Record(Of(StatusClass::k4xx, 400), Now());
  }
  HealthInput in;
  in.window = w.Totals(Now());
  in.oldest_undelivered = Now() - absl::Hours(1);
  EXPECT_EQ(EvaluateHealth(in, Now()), HealthState::kUnreachable);
  in.window.connect_errors = 0;
  EXPECT_EQ(EvaluateHealth(in, Now()), HealthState::kTimingOut);
  in.window.timeouts = 0;
  EXPECT_EQ(EvaluateHealth(in, Now()), HealthState::kMalfunctioning);
  in.window.server_errors = 0;
  EXPECT_EQ(EvaluateHealth(in, Now()), HealthState::kReceivingMalformed);
  in.window.client_errors = 0;
  EXPECT_EQ(EvaluateHealth(in, Now()), HealthState::kLagging);
  in.suspended = true;
  EXPECT_EQ(EvaluateHealth(in, Now()), HealthState::kSuspended);
}

TEST(SubscriptionHealthTest, WindowForgetsAttemptsOlderThanItsLength) {
  OutcomeWindow w(absl::Seconds(60));
  for (int i = 0; i < 50; ++i) w.Record(Of(StatusClass::k5xx, 500), Now());
  w.Record(Of(StatusClass::k2xx, 200), Now() + absl::Seconds(30));
  EXPECT_EQ(w.Totals(Now() + absl::Seconds(59)).attempts, 51);
  AttemptCounts later = w.Totals(Now() + absl::Seconds(60));
  EXPECT_EQ(later.attempts, 1);  // the 5xx second left the window
  EXPECT_EQ(later.delivered, 1);
  // A bucket reused for a new second starts from zero.
  w.Record(Of(StatusClass::kTimeout), Now() + absl::Seconds(120));
  AttemptCounts reused = w.Totals(Now() + absl::Seconds(120));
  EXPECT_EQ(reused.attempts, 1);
  EXPECT_EQ(reused.timeouts, 1);
  // Too old for the window: ignored.
  w.Record(Of(StatusClass::k5xx, 500), Now());
  EXPECT_EQ(w.Totals(Now() + absl::Seconds(120)).server_errors, 0);
}

TEST(SubscriptionHealthTest, StateNames) {
  EXPECT_EQ(HealthStateName(HealthState::kReceivingMalformed), "RECEIVING_MALFORMED");
  EXPECT_EQ(HealthStateName(HealthState::kTimingOut), "TIMING_OUT");
}

}  // namespace
}  // namespace causeway::relay
