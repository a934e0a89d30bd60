#include "relay/core/retry_policy.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace causeway::relay {
namespace {

absl::Duration MillisOr(int64_t ms, absl::Duration fallback) {
  return ms > 0 ? absl::Milliseconds(ms) : fallback;
}

bool AllDigits(absl::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return absl::ascii_isdigit(c); });
}

}  // namespace

RetrySettings RetrySettingsFromProto(const topology::v1::DeliveryPolicy& policy) {
  RetrySettings defaults;
  RetrySettings s;
  s.initial_backoff = MillisOr(policy.initial_backoff_ms(), defaults.initial_backoff);
  s.backoff_multiplier =
      policy.backoff_multiplier() > 0 ? policy.backoff_multiplier() : defaults.backoff_multiplier;
  s.max_backoff = MillisOr(policy.max_backoff_ms(), defaults.max_backoff);
  s.max_retry_duration = MillisOr(policy.max_retry_duration_ms(), defaults.max_retry_duration);
  s.attempt_timeout = MillisOr(policy.attempt_timeout_ms(), defaults.attempt_timeout);
  s.max_retry_after = MillisOr(policy.max_retry_after_ms(), defaults.max_retry_after);
  s.retry_client_errors = policy.retry_client_errors();
  s.max_in_flight = policy.max_in_flight() > 0 ? policy.max_in_flight() : defaults.max_in_flight;
  return s;
}

RetryPolicy::RetryPolicy(const RetrySettings& settings) : settings_(settings) {
  settings_.backoff_multiplier = std::max(1.0, settings_.backoff_multiplier);
  settings_.max_backoff = std::max(settings_.max_backoff, settings_.initial_backoff);
}

absl::Duration RetryPolicy::BackoffCeiling(int attempts_made) const {
  const int exponent = std::max(1, attempts_made) - 1;
  // In double seconds: the product overflows no integer, and the cap makes the rounding moot.
  const double ceiling = absl::ToDoubleSeconds(settings_.initial_backoff) *
                         std::pow(settings_.backoff_multiplier, exponent);
  const double cap = absl::ToDoubleSeconds(settings_.max_backoff);
  if (!(ceiling < cap)) return settings_.max_backoff;  // also +inf
  return absl::Seconds(ceiling);
}

absl::Duration RetryPolicy::NextDelay(int attempts_made, RandomSource random) const {
  const int64_t ceiling_ns = absl::ToInt64Nanoseconds(BackoffCeiling(attempts_made));
  // floor(r * (ceiling + 1) / 2^64): every value in [0, ceiling] from one 64-bit draw, no floats.
  const unsigned __int128 product =
      static_cast<unsigned __int128>(random()) * (static_cast<uint64_t>(ceiling_ns) + 1);
  return absl::Nanoseconds(static_cast<int64_t>(product >> 64));
}

absl::StatusOr<absl::Duration> RetryPolicy::ParseRetryAfter(absl::string_view value,
                                                            absl::Time now) const {
  value = absl::StripAsciiWhitespace(value);
  absl::Duration wait;
  if (AllDigits(value)) {
    uint64_t seconds = 0;
    // Too many digits to parse is far beyond any cap.
    wait = absl::SimpleAtoi(value, &seconds) && seconds < (uint64_t{1} << 40)
               ? absl::Seconds(static_cast<int64_t>(seconds))
               : settings_.max_retry_after;
  } else {
    absl::Time at;
    std::string error;
    if (!absl::ParseTime("%a, %d %b %Y %H:%M:%S GMT", value, absl::UTCTimeZone(), &at, &error)) {
      return absl::InvalidArgumentError(
          absl::StrCat("Retry-After \"", value.substr(0, 64),
                       "\" is neither delta-seconds nor an IMF-fixdate"));
    }
    wait = std::max(absl::ZeroDuration(), at - now);
  }
  return std::min(wait, settings_.max_retry_after);
}

absl::Duration RetryPolicy::DelayBeforeNextAttempt(int attempts_made,
                                                   absl::string_view retry_after,
                                                   absl::Time now, RandomSource random) const {
  if (!retry_after.empty()) {
    absl::StatusOr<absl::Duration> wait = ParseRetryAfter(retry_after, now);
    if (wait.ok()) return *wait;
  }
  return NextDelay(attempts_made, random);
}

}  // namespace causeway::relay
