#pragma once
// Turns a consumed record's value (Confluent framing + Avro binary) into the payload a consumer
// receives, with the writer schema looked up by the framing's global id:
// - content JSON (or UNSPECIFIED): natural JSON (bare unions, ISO-8601 timestamps), decoded with
//   the writer schema, or resolved from it to the subscription's reader schema for the event type
//   when it declares one (Avro's schema resolution: the consumer sees only the fields it knows);
// - content AVRO: Avro binary without framing, of the reader schema when declared (resolved,
//   then encoded with the reader schema), else the writer's bytes as published.
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "causeway/topology/v1/resources.pb.h"
#include "common/kafka/consumer.h"
#include "relay/server/reader_schemas.h"
#include "relay/server/schema_index.h"

namespace causeway::relay {

struct DecodedEvent {
  std::string payload;
  std::string_view content_type;   // kJsonContentType or kAvroContentType (static storage)
  std::string reader_fingerprint;  // the reader schema's when resolved to one, else empty
  const IndexedSchema* schema = nullptr;  // the writer's; lives as long as its SchemaIndex
};

// An empty set of reader schemas: every event in its writer's shape.
const ReaderSchemas& NoReaderSchemas();

// INVALID_ARGUMENT for bad framing, a datum that does not match its schema, or one the reader
// schema cannot read (its message names the reader's path: `$.email: at byte 8: the reader's
// field has no default ...`); NOT_FOUND for a global id the index does not hold. Either way the
// record is undecodable (dead letter reason `undecodable`, the message saying why).
absl::StatusOr<DecodedEvent> DecodeRecord(
    const kafka::ConsumedRecord& record, const SchemaIndex& schemas,
    const ReaderSchemas& readers = NoReaderSchemas(),
    topology::v1::SubscriptionContent content = topology::v1::SUBSCRIPTION_CONTENT_JSON);

}  // namespace causeway::relay
