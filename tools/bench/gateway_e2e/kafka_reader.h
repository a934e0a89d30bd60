#pragma once
// Reading the benchmark's topic back from Kafka with librdkafka: the record the gateway wrote
// (the raw producer sends copies of it), and every record of the topic counted by event id (the
// soak's proof that each acknowledged event is there exactly once).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "person_events.h"

namespace causeway::bench {

struct KafkaRecord {
  std::string value;                                         // as written: Confluent-framed Avro
  std::vector<std::pair<std::string, std::string>> headers;  // in order
};

// The record at `offset` of `partition`.
absl::StatusOr<KafkaRecord> ReadRecord(const std::string& bootstrap, const std::string& topic,
                                       int32_t partition, int64_t offset, absl::Duration timeout);

struct EventIdCount {
  int64_t records = 0;         // every record of the topic
  int64_t without_id = 0;      // records with no causeway-event-id header
  int64_t other_ids = 0;       // records whose id is not of `ids` (other runs and phases)
  std::vector<uint32_t> seen;  // by sequence: how many records carry that id
};

// Reads every partition from the beginning to its end, counting the ids of `ids`.
absl::StatusOr<EventIdCount> CountEventIds(const std::string& bootstrap, const std::string& topic,
                                           const EventIds& ids, absl::Duration timeout);

}  // namespace causeway::bench
