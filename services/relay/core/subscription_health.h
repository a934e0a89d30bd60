#pragma once
// A subscription's health, from what its attempts answered over a sliding window and from the
// age of its oldest undelivered event.
//
// OutcomeWindow counts attempts per second over the last `window` (default 60 s) in a ring of
// one bucket per second: memory is fixed (window seconds × a few counters), Record is O(1),
// Totals is O(window seconds). Time is passed in; an attempt older than the window is ignored.
//
// EvaluateHealth, first rule that holds wins (the cause before its symptoms):
//   SUSPENDED            the subscription is suspended (by its owner or after a 410)
//   UNREACHABLE          connect errors (incl. refused addresses) > ratio of attempts, or every
//                        attempt in the window failed to connect (also below min_attempts)
//   TIMING_OUT           timeouts > ratio
//   MALFUNCTIONING       5xx > ratio
//   RECEIVING_MALFORMED  client errors (3xx, 4xx other than 429) > ratio: the endpoint refuses
//                        what it is sent. 429 is throttling, not a refusal, and is not counted.
//   LAGGING              the oldest undelivered event is older than lag_threshold
//   HEALTHY              otherwise
// The ratio rules (default ratio 0.10, i.e. "> 10 %") need at least min_attempts (default 10)
// attempts in the window, so one failure out of three does not flip the state.
//
// Threads: none; the owner serialises calls.
#include <cstdint>
#include <optional>
#include "absl/strings/string_view.h"
#include <vector>

#include "absl/time/time.h"
#include "relay/core/response_classifier.h"

namespace causeway::relay {

enum class HealthState : uint8_t {
  kHealthy,
  kLagging,
  kMalfunctioning,
  kTimingOut,
  kUnreachable,
  kReceivingMalformed,
  kSuspended,
};

// "HEALTHY", "LAGGING", ... as GetSubscriptionStatus and the CLI show them.
absl::string_view HealthStateName(HealthState state);

struct AttemptCounts {
  int64_t attempts = 0;
  int64_t delivered = 0;       // 2xx
  int64_t client_errors = 0;   // 3xx, 4xx other than 429, other statuses
  int64_t throttled = 0;       // 429
  int64_t server_errors = 0;   // 5xx
  int64_t timeouts = 0;
  int64_t connect_errors = 0;  // connect errors and refused addresses
  int64_t transport_errors = 0;

  AttemptCounts& operator+=(const AttemptCounts& other);
};

class OutcomeWindow {
 public:
  // `window` is rounded to whole seconds, 1 s .. 1 h.
  explicit OutcomeWindow(absl::Duration window = absl::Seconds(60));

  void Record(const Classification& attempt, absl::Time now);
  // The counts of the attempts in (now - window, now].
  AttemptCounts Totals(absl::Time now) const;

 private:
  struct Bucket {
    int64_t second = INT64_MIN;  // the Unix second it counts; INT64_MIN = never used
    AttemptCounts counts;
  };
  std::vector<Bucket> buckets_;
};

struct HealthThresholds {
  double ratio = 0.10;
  int64_t min_attempts = 10;
  absl::Duration lag_threshold = absl::Seconds(60);
};

struct HealthInput {
  bool suspended = false;
  AttemptCounts window;
  // The record timestamp of the oldest consumed event not yet terminal; nullopt when none.
  std::optional<absl::Time> oldest_undelivered;
};

HealthState EvaluateHealth(const HealthInput& input, absl::Time now,
                           const HealthThresholds& thresholds = {});

}  // namespace causeway::relay
