#pragma once
// The Kafka record headers Causeway writes and reads, in one place. The gateway sets the first
// five on every event it publishes; the relay passes `traceparent` through to callbacks and adds
// the dead-letter headers (common/kafka/dead_letter_record.h) to what it dead-letters.
namespace causeway::kafka {

// The event's id (a UUID unless the publisher gave one): what consumers dedupe on.
inline constexpr char kHeaderEventId[] = "causeway-event-id";
inline constexpr char kHeaderNamespace[] = "causeway-namespace";
inline constexpr char kHeaderEventType[] = "causeway-event-type";
// Causeway's MD5 schema id; the Confluent global id is in the value's 5-byte framing.
inline constexpr char kHeaderSchemaId[] = "causeway-schema-id";
// The publishing principal.
inline constexpr char kHeaderProducerId[] = "causeway-producer-id";
// W3C trace context, when the publisher sent one.
inline constexpr char kHeaderTraceparent[] = "traceparent";

}  // namespace causeway::kafka
