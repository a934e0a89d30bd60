#pragma once
// SchemaStore: persistence of schemas and their lifecycle. The schema service takes this
// interface; PgSchemaStore is the real implementation. The Avro rules stay out of it: the caller
// passes the compatibility check in as a function, so the store only guarantees atomicity and
// ordering (activations of one event type are serialised on the event type's row lock).
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "topology/topology_store.h"

namespace causeway::topology {

// Decides whether `candidate` may become available next to `available_newest_first` under the
// event type's mode, and given the subscriptions that read the event type (`readers`, read in
// the activation's transaction); returns FAILED_PRECONDITION listing every incompatibility when
// not, else the subscriptions it breaks anyway (a forced activation), recorded in its history.
using ActivationCheck = std::function<absl::StatusOr<std::vector<v1::BrokenSubscription>>(
    const v1::EventType& event_type, const v1::Schema& candidate,
    const std::vector<v1::Schema>& available_newest_first,
    const std::vector<v1::Subscription>& readers)>;

struct SchemaKey {
  std::string id;
  std::string ns;          // optional: "" when the id names one attachment only
  std::string event_type;  // optional, with ns
};

class SchemaStore {
 public:
  virtual ~SchemaStore() = default;

  // Attaches a schema (id = MD5 of `canonical_form`) to an event type as PENDING, or returns the
  // existing attachment unchanged (`committed.revision` 0).
  virtual absl::StatusOr<Committed> Register(const std::string& ns, const std::string& event_type,
                                             const std::string& id, const std::string& definition,
                                             const std::string& canonical_form, v1::Schema* out,
                                             const Actor& actor) = 0;
  virtual absl::Status Get(const SchemaKey& key, v1::Schema* out) = 0;
  virtual absl::Status GetByGlobalId(int32_t global_id, v1::Schema* out) = 0;
  // Oldest first.
  virtual absl::StatusOr<std::vector<v1::Schema>> List(const std::string& ns,
                                                       const std::string& event_type) = 0;
  // The subscriptions reading ns/event_type (any state), by name, as PostgreSQL has them now.
  virtual absl::StatusOr<std::vector<v1::Subscription>> Readers(const std::string& ns,
                                                                const std::string& event_type) = 0;
  // PENDING or DEPRECATED -> AVAILABLE (after `check`, given the subscriptions reading the event
  // type as the transaction sees them under the event type's lock); AVAILABLE stays (no-op).
  // A change recorded with the subscriptions the check reports broken (a forced activation).
  virtual absl::StatusOr<Committed> Activate(const SchemaKey& key, const ActivationCheck& check,
                                             v1::Schema* out, const Actor& actor) = 0;
  // AVAILABLE -> DEPRECATED; DEPRECATED stays (no-op); PENDING is FAILED_PRECONDITION.
  virtual absl::StatusOr<Committed> Deprecate(const SchemaKey& key, v1::Schema* out,
                                              const Actor& actor) = 0;
};

}  // namespace causeway::topology
