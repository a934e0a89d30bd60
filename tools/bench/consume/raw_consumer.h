#pragma once
// The consume benchmark's baseline (issue 12): a plain librdkafka high-level consumer reading the
// benchmark topic from the start, touching each record's value and nothing else (no decoding, no
// acknowledgement bookkeeping, offsets auto-committed). Causeway's Consume stream does on top of
// this what the two figures differ by; the goal is Consume at >= 0.8x this.
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace causeway::bench {

struct RawConsumeOptions {
  std::string bootstrap;
  std::string topic;
  std::string group;            // fresh per run: reads from the start
  int64_t events = 0;           // stop after this many records
  absl::Duration deadline = absl::Minutes(5);
};

struct ConsumeResult {
  int64_t events = 0;
  int64_t bytes = 0;
  // From the first record (the group joined, or the stream's first batch) to the last.
  absl::Duration elapsed;
  absl::Duration first;  // from start to the first record
  double per_second() const {
    return elapsed > absl::ZeroDuration() ? events / absl::ToDoubleSeconds(elapsed) : 0;
  }
};

// FAILED_PRECONDITION when the consumer cannot start; DEADLINE_EXCEEDED (saying how many were
// read) when `events` were not read within `deadline`.
absl::StatusOr<ConsumeResult> RunRawConsumer(const RawConsumeOptions& options);

}  // namespace causeway::bench
