#pragma once
// The baseline: librdkafka producing straight to the broker what the gateway would write, with the
// gateway's producer settings (RdKafkaEventSink: acks=all, enable.idempotence=true,
// murmur2_random, linger.ms, queue bounds, message.timeout.ms), the record the gateway wrote
// (same value bytes, same headers, a fresh causeway-event-id each). Latency is produce() (or, open
// loop, the time the message was due) to its delivery report, the gateway's own notion of
// "persisted".
//
// Threads: the caller's thread produces (closed loop: whenever fewer than `window` messages await
// their report; open loop: on the pacer's schedule); one thread polls the delivery reports.
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "kafka_reader.h"
#include "load_tally.h"
#include "person_events.h"

namespace causeway::bench {

struct RawProducerOptions {
  std::string bootstrap;
  std::string topic;
  KafkaRecord record;  // the gateway's record: value and headers copied into every message
  EventIds ids{"raw"};
  // Producer settings, the gateway's defaults (services/gateway/server/main.cc).
  int linger_ms = 5;
  int message_timeout_ms = 60000;
  int queue_max_messages = 100000;
  int queue_max_kbytes = 65536;
  int window = 1000;        // closed loop: messages awaiting their delivery report at most
  double offered_rate = 0;  // > 0: open loop at this many messages/s
  absl::Duration warmup = absl::Seconds(2);
  absl::Duration duration = absl::Seconds(20);
};

// FAILED_PRECONDITION when the producer cannot be created; failed deliveries are counted in the
// result, not returned.
absl::StatusOr<LoadResult> RunRawProducerLoad(const RawProducerOptions& options);

}  // namespace causeway::bench
