#pragma once
// The consume benchmark's subject: `streams` Relay.Consume streams on one PULL subscription, each
// on its own thread and channel, acknowledging every batch as it arrives (one Ack message per
// batch), until `events` deliveries were acknowledged in total.
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "raw_consumer.h"

namespace causeway::bench {

struct StreamConsumeOptions {
  std::string relay;         // host:port
  std::string token;         // a consumer's bearer token ("" with --auth=development)
  std::string subscription;  // a PULL subscription
  int streams = 1;
  int max_batch = 100;
  int max_outstanding = 1000;  // per stream
  int64_t events = 0;          // stop after this many acknowledged in total
  absl::Duration deadline = absl::Minutes(5);
};

struct StreamConsumeResult : ConsumeResult {
  int64_t batches = 0;
  int64_t redelivered = 0;  // attempt > 1
};

// The first failure of a stream (its gRPC status), or DEADLINE_EXCEEDED with the count.
absl::StatusOr<StreamConsumeResult> RunStreamConsumers(const StreamConsumeOptions& options);

}  // namespace causeway::bench
