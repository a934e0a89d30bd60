#pragma once
// CurlDispatcher alone (no Kafka): `events` POSTs of a Person-sized body to the sink, at most
// `in_flight` open at once (the next sent from the previous one's `done`), so that the relay's
// HTTP client can be compared with the baseline's plain libcurl loop and with what the relay
// reaches as a whole. Threads: the caller's sends the first window and waits; the dispatcher's
// thread sends the rest from `done`.
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace causeway::bench {

struct DispatcherLoadOptions {
  std::string url;
  int in_flight = 100;
  int64_t events = 100000;
};

struct DispatcherLoadResult {
  int64_t delivered = 0;
  int64_t failed = 0;
  absl::Duration elapsed;
  double per_second() const {
    return elapsed > absl::ZeroDuration() ? delivered / absl::ToDoubleSeconds(elapsed) : 0;
  }
};

absl::StatusOr<DispatcherLoadResult> RunDispatcherLoad(const DispatcherLoadOptions& options);

}  // namespace causeway::bench
