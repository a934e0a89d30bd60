#include "relay/core/subscription_health.h"

#include <algorithm>

namespace causeway::relay {
namespace {

constexpr int64_t kMaxWindowSeconds = 3600;

AttemptCounts CountsOf(const Classification& c) {
  AttemptCounts n;
  n.attempts = 1;
  switch (c.status_class) {
    case StatusClass::k2xx: n.delivered = 1; break;
    case StatusClass::k4xx:
      if (c.http_status == 429) {
        n.throttled = 1;
      } else {
        n.client_errors = 1;
      }
      break;
    case StatusClass::k3xx:
    case StatusClass::kOtherStatus: n.client_errors = 1; break;
    case StatusClass::k5xx: n.server_errors = 1; break;
    case StatusClass::kTimeout: n.timeouts = 1; break;
    case StatusClass::kConnectError:
    case StatusClass::kRefusedAddress: n.connect_errors = 1; break;
    case StatusClass::kTransportError: n.transport_errors = 1; break;
  }
  return n;
}

// floor(t / 1 s), also before 1970.
int64_t UnixSecond(absl::Time t) {
  return absl::ToInt64Seconds(absl::Floor(t - absl::UnixEpoch(), absl::Seconds(1)));
}

}  // namespace

absl::string_view HealthStateName(HealthState state) {
  switch (state) {
    case HealthState::kHealthy: return "HEALTHY";
    case HealthState::kLagging: return "LAGGING";
    case HealthState::kMalfunctioning: return "MALFUNCTIONING";
    case HealthState::kTimingOut: return "TIMING_OUT";
    case HealthState::kUnreachable: return "UNREACHABLE";
    case HealthState::kReceivingMalformed: return "RECEIVING_MALFORMED";
    case HealthState::kSuspended: return "SUSPENDED";
  }
  return "HEALTHY";
}

AttemptCounts& AttemptCounts::operator+=(const AttemptCounts& o) {
  attempts += o.attempts;
  delivered += o.delivered;
  client_errors += o.client_errors;
  throttled += o.throttled;
  server_errors += o.server_errors;
  timeouts += o.timeouts;
  connect_errors += o.connect_errors;
  transport_errors += o.transport_errors;
  return *this;
}

OutcomeWindow::OutcomeWindow(absl::Duration window)
    : buckets_(static_cast<size_t>(
          std::clamp<int64_t>(absl::ToInt64Seconds(window), 1, kMaxWindowSeconds))) {}

void OutcomeWindow::Record(const Classification& attempt, absl::Time now) {
  const int64_t second = UnixSecond(now);
  const int64_t size = static_cast<int64_t>(buckets_.size());
  Bucket& bucket = buckets_[static_cast<size_t>(((second % size) + size) % size)];
  if (bucket.second != second) {
    if (bucket.second > second) return;  // older than what the bucket now counts
    bucket = Bucket{second, {}};
  }
  bucket.counts += CountsOf(attempt);
}

AttemptCounts OutcomeWindow::Totals(absl::Time now) const {
  const int64_t newest = UnixSecond(now);
  const int64_t oldest = newest - static_cast<int64_t>(buckets_.size()) + 1;
  AttemptCounts total;
  for (const Bucket& b : buckets_) {
    if (b.second >= oldest && b.second <= newest) total += b.counts;
  }
  return total;
}

HealthState EvaluateHealth(const HealthInput& input, absl::Time now,
                           const HealthThresholds& thresholds) {
  if (input.suspended) return HealthState::kSuspended;
  const AttemptCounts& w = input.window;
  const bool enough = w.attempts >= std::max<int64_t>(1, thresholds.min_attempts);
  auto over = [&](int64_t count) {
    return enough && static_cast<double>(count) > thresholds.ratio * static_cast<double>(w.attempts);
  };
  if (over(w.connect_errors) || (w.attempts > 0 && w.connect_errors == w.attempts)) {
    return HealthState::kUnreachable;
  }
  if (over(w.timeouts)) return HealthState::kTimingOut;
  if (over(w.server_errors)) return HealthState::kMalfunctioning;
  if (over(w.client_errors)) return HealthState::kReceivingMalformed;
  if (input.oldest_undelivered && now - *input.oldest_undelivered > thresholds.lag_threshold) {
    return HealthState::kLagging;
  }
  return HealthState::kHealthy;
}

}  // namespace causeway::relay
