#pragma once
// The baselines' Kafka consumer (relay and consume benchmarks): a plain librdkafka high-level
// consumer of one topic, from the start (auto.offset.reset earliest, a fresh group per run),
// offsets auto-committed, cooperative-sticky: what a team without Causeway would run.
#include <librdkafka/rdkafka.h>

#include <string>

#include "absl/status/statusor.h"

namespace causeway::bench {

// The consumer, subscribed; the caller polls it, then rd_kafka_consumer_close and
// rd_kafka_destroy. FAILED_PRECONDITION when it cannot be made or subscribed.
absl::StatusOr<rd_kafka_t*> SubscribePlainConsumer(const std::string& bootstrap,
                                                   const std::string& topic,
                                                   const std::string& group);

}  // namespace causeway::bench
