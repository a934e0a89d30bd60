#pragma once
// The reader schemas a subscription declares (Subscription.reader_schemas), parsed once per
// config: the schema its consumer's code reads each event type with. The record decoder resolves
// an event from its writer schema to its type's reader schema (common/codec's resolving reader).
// Immutable; bounded by the subscription (at most one per event type, 1..64 event types).
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "causeway/topology/v1/resources.pb.h"
#include "common/avro/schema.h"
#include "common/topology/topology_view.h"

namespace causeway::relay {

struct ReaderSchema {
  std::shared_ptr<const avro::Schema> schema;
  // avro::SchemaId of the schema (ReaderSchema.fingerprint): sent as Causeway-Reader-Schema.
  std::string fingerprint;
};

class ReaderSchemas {
 public:
  ReaderSchemas() = default;

  // Each ReaderSchema's `definition`, or when empty the schema `schema_id` of its event type in
  // `view` (may be null: then a definition is required); its event type may be omitted when the
  // subscription reads one. INVALID_ARGUMENT naming `reader_schemas[i]...` for a definition that
  // does not parse, an unknown schema id, a missing or repeated event type.
  static absl::StatusOr<ReaderSchemas> Build(const topology::v1::Subscription& subscription,
                                             const topology::TopologyView* view);

  // nullptr when the event type has no reader schema (delivered in its writer's shape).
  const ReaderSchema* Find(const std::string& ns, const std::string& event_type) const;
  bool empty() const { return by_event_type_.empty(); }
  size_t size() const { return by_event_type_.size(); }

 private:
  absl::flat_hash_map<std::string, ReaderSchema> by_event_type_;  // "<namespace>/<name>"
};

}  // namespace causeway::relay
