#pragma once
// Turns a consumed record's value (Confluent framing + Avro binary) into the natural JSON a
// callback carries, with the writer schema looked up by the framing's global id.
#include <string>

#include "absl/status/statusor.h"
#include "common/kafka/consumer.h"
#include "relay/server/schema_index.h"

namespace causeway::relay {

struct DecodedEvent {
  std::string json;
  const IndexedSchema* schema = nullptr;  // lives as long as the SchemaIndex it came from
};

// INVALID_ARGUMENT for bad framing or a datum that does not match its schema; NOT_FOUND for a
// global id the index does not hold. Either way the record is undecodable (dead letter reason
// `undecodable`, the message saying why).
absl::StatusOr<DecodedEvent> DecodeRecord(const kafka::ConsumedRecord& record,
                                          const SchemaIndex& schemas);

}  // namespace causeway::relay
