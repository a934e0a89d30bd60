#pragma once
// The relay benchmark's baseline (issue 11): a plain librdkafka high-level consumer that posts
// each record with libcurl's multi interface, at most `in_flight` requests at once, and nothing
// else: no decoding, no signing, no retries, no ordering per key, offsets auto-committed. What
// the relay does on top of this costs what the two figures differ by; the goal is the relay at
// >= 0.8x this.
//
// Each POST carries the record's value as its body (application/octet-stream) and its
// causeway-event-id as ce-id and webhook-id. Connections are kept alive and reused
// (CURLMOPT_MAX_HOST_CONNECTIONS = in_flight, so HTTP/1.1 reaches the limit).
//
// Threads: one. It polls the consumer only while fewer than `in_flight` requests are open, so
// the records held (each until its request ends) are bounded by `in_flight`.
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace causeway::bench {

struct BaselineOptions {
  std::string bootstrap;
  std::string topic;
  std::string group = "relay-bench-baseline";
  std::string url;        // the sink
  int in_flight = 100;    // the relay's default max_in_flight
  int64_t events = 0;     // stop after this many requests ended
  absl::Duration timeout = absl::Seconds(10);   // of one request (the relay's default)
  absl::Duration deadline = absl::Minutes(5);   // of the whole run
};

struct BaselineResult {
  int64_t delivered = 0;  // 2xx
  int64_t failed = 0;     // anything else
  // From the first record consumed (the group joined) to the last request ended.
  absl::Duration elapsed;
  absl::Duration join;    // from start to the first record
  double per_second() const {
    return elapsed > absl::ZeroDuration() ? delivered / absl::ToDoubleSeconds(elapsed) : 0;
  }
};

// FAILED_PRECONDITION when the consumer or libcurl cannot start; DEADLINE_EXCEEDED (with what
// was done in the message) when `events` did not end within `deadline`.
absl::StatusOr<BaselineResult> RunBaseline(const BaselineOptions& options);

}  // namespace causeway::bench
