#pragma once
// Consumer contracts (issue 12, seed slide 11): a subscription's reader schemas, the Avro schemas
// its consumer code reads each event type with, and which subscriptions a candidate writer schema
// would break. Pure: the store hands in the rows it read inside its transaction (so that the check
// is serialised with activations on the event type's row lock), these apply the rules.
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "causeway/topology/v1/resources.pb.h"
#include "causeway/topology/v1/schema_registry.pb.h"
#include "common/avro/schema.h"

namespace causeway::topology {

namespace v1 = ::causeway::topology::v1;

// ReaderSchema.definition given inline: at most this many bytes (resources.proto).
inline constexpr size_t kMaxInlineReaderSchemaBytes = size_t{64} << 10;

// "ns/EventType".
std::string EventTypeKey(const v1::EventTypeRef& ref);

// The schemas registered for each event type of a subscription, by EventTypeKey.
using SchemasByEventType = std::map<std::string, std::vector<v1::Schema>>;

// Checks and completes `subscription.reader_schemas` against `schemas` (every event type of the
// subscription present, possibly empty):
//   - INVALID_ARGUMENT, every fault joined by "; ", each `subscription.reader_schemas[i].<field>:`:
//     an event type the subscription does not read, omitted with several, named twice; neither or
//     both of schema_id and definition; an inline definition over 64 KiB or not valid Avro (the
//     parser's paths);
//   - NOT_FOUND: a schema_id not registered for that event type;
//   - FAILED_PRECONDITION: a reader that cannot read an AVAILABLE or DEPRECATED schema of its event
//     type, listing each incompatibility with its path and the writer schema's id.
// On success each entry has its event type, `definition` and `fingerprint` filled in (schema_id
// kept as given).
absl::Status ResolveReaderSchemas(const SchemasByEventType& schemas,
                                  v1::Subscription* subscription);

// The subscriptions among `readers` (any that read ns/event_type) whose reader schema for that
// event type cannot read `candidate`, in the order given. Only ACTIVE subscriptions count (a
// suspended one receives nothing until it is resumed, and its owner is told then). `checked`
// receives the names of those whose reader schema was compared.
std::vector<v1::BrokenSubscription> ReadersBrokenBy(const avro::Schema& candidate,
                                                    const std::string& ns,
                                                    const std::string& event_type,
                                                    const std::vector<v1::Subscription>& readers,
                                                    std::vector<std::string>* checked);

// `would break 2 subscriptions: a (owner x): $.fields.age: ...; b (owner y): ...`.
std::string DescribeBroken(const std::vector<v1::BrokenSubscription>& broken);

}  // namespace causeway::topology
