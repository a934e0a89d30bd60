#pragma once
// TopologyStore: the persistence seam of causeway-topology. The gRPC service takes this interface;
// PgTopologyStore (PostgreSQL) is the real implementation.
//
// Every mutation is one transaction that also appends to the change history and bumps the global
// revision, and returns the revision it committed at.
#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/kafka/topic_admin.h"
#include "google/protobuf/message.h"
#include "common/topology/entity_kinds.h"
#include "topology/reader_schemas.h"

namespace causeway::topology {

// Who makes a change: recorded in the history.
struct Actor {
  std::string name = "anonymous";
};

struct ListQuery {
  int page_size = 100;
  std::string page_token;
  // Column filter: equality on these stored columns (e.g. {"zone", "eu"}).
  std::vector<std::pair<std::string, std::string>> where;
  // Equality on columns of the kind's element-reference table: entities with at least one such
  // element (a subscription reading an event type of {"namespace", "mfp"}).
  std::vector<std::pair<std::string, std::string>> where_element = {};
};

struct Page {
  std::vector<std::unique_ptr<google::protobuf::Message>> items;
  std::string next_page_token;
};

struct HistoryQuery {
  std::string entity_prefix;  // "" = everything
  int page_size = 100;
  std::string page_token;
};

struct HistoryPage {
  std::vector<v1::Change> changes;  // newest first
  std::string next_page_token;
};

// Creates the topic of an event type on a cluster (Kafka Admin API in production). Called inside
// the placement transaction: when it fails, nothing is recorded. `existing` says whether a topic
// already on the cluster may be used (it is the event type's, or an admin adopts it) or must be
// refused (Causeway did not create it for this event type). A subscription's dead-letter and
// redrive topics are created through it too, as an EventType with only `topic` and `partitions`
// set (no namespace) and kVerify: the same layout rules from the zone, idempotently.
using TopicProvisioner = std::function<absl::Status(
    const v1::EventType& event_type, const v1::Zone& zone, const v1::Cluster& cluster,
    kafka::ExistingTopic existing)>;

// Whether a placement may take a topic already on the cluster that Causeway did not create for
// the event type (PlaceEventTypeRequest.adopt_existing_topic; the service lets only admins).
enum class Adoption { kRefuse, kAdoptExisting };

// Where a placement goes: `cluster` empty = the zone's least-loaded active cluster.
struct PlacementTarget {
  std::string zone;
  std::string cluster;
  Adoption adoption = Adoption::kRefuse;
};

// A committed mutation: the entity as stored and the revision of the change.
struct Committed {
  int64_t revision = 0;
};

// Checks (and completes) a subscription's reader schemas against the schemas of its event types
// (ResolveReaderSchemas).
using ReaderCheck =
    std::function<absl::Status(const SchemasByEventType& schemas, v1::Subscription* subscription)>;

class TopologyStore {
 public:
  virtual ~TopologyStore() = default;

  // Generic lifecycle of namespaces, zones, clusters and event types. `entity` must be of the kind's
  // message type; Create/Update fill in version and timestamps.
  virtual absl::StatusOr<Committed> Create(EntityKind kind, google::protobuf::Message* entity,
                                           const Actor& actor) = 0;
  virtual absl::Status Get(EntityKind kind, const std::vector<std::string>& key,
                           google::protobuf::Message* out) = 0;
  virtual absl::StatusOr<Page> List(EntityKind kind, const ListQuery& query) = 0;
  // `mutate` edits the current state (read under a row lock) in place; `expected_version` 0
  // skips the optimistic-concurrency check.
  virtual absl::StatusOr<Committed> Update(
      EntityKind kind, const std::vector<std::string>& key, int64_t expected_version,
      const std::function<absl::Status(google::protobuf::Message*)>& mutate,
      google::protobuf::Message* out, const Actor& actor) = 0;
  virtual absl::StatusOr<Committed> Delete(EntityKind kind, const std::vector<std::string>& key,
                                           int64_t expected_version, const Actor& actor) = 0;

  // Placement. The topic on the target cluster must be the event type's own: ALREADY_EXISTS when
  // another event type's, and the provisioner is told to refuse an existing topic unless the
  // event type already has it there (it created or adopted it before) or the target adopts it.
  // The subscriptions reading the event type in that zone then read that cluster too: their
  // dead-letter and redrive topics are provisioned there as well, before anything is recorded.
  virtual absl::StatusOr<Committed> Place(const std::string& ns, const std::string& event_type,
                                          const PlacementTarget& target,
                                          const TopicProvisioner& provision, v1::Placement* out,
                                          const Actor& actor) = 0;
  // Moves to `target.cluster` (required), with the same topic rules as Place.
  virtual absl::StatusOr<Committed> Move(const std::string& ns, const std::string& event_type,
                                         const PlacementTarget& target, int64_t expected_version,
                                         const TopicProvisioner& provision, v1::Placement* out,
                                         const Actor& actor) = 0;

  // A new subscription (validated, defaults filled, topic names set): locks and reads its event
  // types (NOT_FOUND for the first missing one) and their placements, chooses or checks its zone
  // (ChooseSubscriptionZone: FAILED_PRECONDITION), creates its dead-letter and redrive topics
  // with `provision` on every cluster of the zone holding one of the event types (partitions: the
  // most of the event types'), then records it. Nothing is recorded unless every topic exists.
  // `check_readers` runs on the subscription after its event types are locked, with every schema
  // registered for each of them read in the same transaction (the lock activations of those
  // event types take too: see ActivateSchema): a reader schema is checked against exactly the
  // schemas that are readable when it is recorded.
  virtual absl::StatusOr<Committed> CreateSubscription(v1::Subscription* subscription,
                                                       const TopicProvisioner& provision,
                                                       const ReaderCheck& check_readers,
                                                       const Actor& actor) = 0;
  // Update of a subscription, as Update, with its event types locked first (in key order, as
  // create does) and `check_readers` run after `mutate` as for CreateSubscription.
  virtual absl::StatusOr<Committed> UpdateSubscription(
      const std::string& name, int64_t expected_version,
      const std::function<absl::Status(v1::Subscription*)>& mutate,
      const ReaderCheck& check_readers, v1::Subscription* out, const Actor& actor) = 0;

  virtual absl::StatusOr<HistoryPage> History(const HistoryQuery& query) = 0;

  // Watch support: every entity at one consistent revision, and the changes after a revision.
  virtual absl::StatusOr<int64_t> Snapshot(std::vector<v1::Change>* entities) = 0;
  virtual absl::StatusOr<std::vector<v1::Change>> ChangesAfter(int64_t revision, int limit) = 0;
};

}  // namespace causeway::topology
