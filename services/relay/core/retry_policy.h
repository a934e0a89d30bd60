#pragma once
// RetryPolicy: when a failed attempt is tried again, and when retrying stops. Built from a
// subscription's DeliveryPolicy with the proto's defaults for fields left 0 (or negative):
// initial backoff 1 s, multiplier 2, max backoff 10 min, max retry duration 1 h, attempt timeout
// 10 s, max Retry-After 10 min, max in flight 100. Out-of-range values are topology's to refuse;
// here max_backoff is only raised to initial_backoff and the multiplier to at least 1.
//
// Backoff is exponential with full jitter: after the n-th failed attempt (n >= 1) the wait is
// uniform in [0, min(max_backoff, initial_backoff * multiplier^(n-1))], drawn from the caller's
// RandomSource. A 429/503 answer's Retry-After (delta-seconds, or an IMF-fixdate HTTP-date)
// replaces the backoff, capped at max_retry_after.
//
// Threads: none; immutable after construction.
#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "causeway/topology/v1/resources.pb.h"
#include "relay/core/random_source.h"

namespace causeway::relay {

// A DeliveryPolicy with every default applied.
struct RetrySettings {
  absl::Duration initial_backoff = absl::Seconds(1);
  double backoff_multiplier = 2;
  absl::Duration max_backoff = absl::Minutes(10);
  absl::Duration max_retry_duration = absl::Hours(1);
  absl::Duration attempt_timeout = absl::Seconds(10);
  absl::Duration max_retry_after = absl::Minutes(10);
  bool retry_client_errors = false;
  int max_in_flight = 100;
};

RetrySettings RetrySettingsFromProto(const topology::v1::DeliveryPolicy& policy);

class RetryPolicy {
 public:
  explicit RetryPolicy(const RetrySettings& settings);
  explicit RetryPolicy(const topology::v1::DeliveryPolicy& policy)
      : RetryPolicy(RetrySettingsFromProto(policy)) {}

  const RetrySettings& settings() const { return settings_; }

  // The upper bound of the wait after the n-th failed attempt: min(max_backoff,
  // initial_backoff * multiplier^(n-1)); n < 1 is taken as 1.
  absl::Duration BackoffCeiling(int attempts_made) const;

  // Full jitter: uniform in [0, BackoffCeiling(n)], both ends included, from one draw.
  absl::Duration NextDelay(int attempts_made, RandomSource random) const;

  // A Retry-After value as a wait from `now`: delta-seconds ("120") or an IMF-fixdate
  // ("Sun, 06 Nov 1994 08:49:37 GMT"; the obsolete RFC 850 and asctime forms are not accepted).
  // A date in the past is 0; the result is capped at max_retry_after. INVALID_ARGUMENT for
  // anything else (the caller then backs off as usual).
  absl::StatusOr<absl::Duration> ParseRetryAfter(absl::string_view value, absl::Time now) const;

  // The wait before the next attempt: the Retry-After when given and valid, else NextDelay.
  absl::Duration DelayBeforeNextAttempt(int attempts_made, absl::string_view retry_after,
                                        absl::Time now, RandomSource random) const;

  // True when an attempt at `next_attempt` would start more than max_retry_duration after the
  // first attempt: the event is dead-lettered (`retries_exhausted`) instead.
  bool Exhausted(absl::Time first_attempt, absl::Time next_attempt) const {
    return next_attempt - first_attempt > settings_.max_retry_duration;
  }

 private:
  RetrySettings settings_;
};

}  // namespace causeway::relay
