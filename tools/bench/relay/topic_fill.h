#pragma once
// Filling the relay benchmark's topic: N events of the seed's Person (tools/demo/person.avsc) as
// causeway-gateway writes them (Confluent framing: magic 0, the schema id, the Avro binary of one
// Person; the gateway's Kafka headers, a fresh causeway-event-id each), produced straight to the
// broker so that the fill takes seconds, not a gateway run. Both the baseline and (later) the
// relay read the same records.
//
// The schema id is a flag: the baseline never decodes, and the relay's run passes the id its
// registry gave the Person schema.
#include <cstdint>
#include <string>

#include "absl/status/status.h"

namespace causeway::bench {

struct TopicFillOptions {
  std::string bootstrap;
  std::string topic;
  int32_t partitions = 3;  // the topic is created with this many (or must have them already)
  int64_t events = 100000;
  int32_t schema_id = 1;
  std::string person_schema_file;  // tools/demo/person.avsc
  std::string id_prefix = "relay-bench";  // event ids "<prefix>-<sequence>"
};

// Creates the topic (an existing one with the same layout is fine) and produces every event
// (acks=all), returning once all are acknowledged. FAILED_PRECONDITION / UNAVAILABLE with the
// reason otherwise.
absl::Status FillTopic(const TopicFillOptions& options);

}  // namespace causeway::bench
