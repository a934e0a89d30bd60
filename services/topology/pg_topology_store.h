#pragma once
// PgTopologyStore: TopologyStore on PostgreSQL (libpqxx). Tables are in migrations/*.sql (0001:
// entities and history; 0005: the topics Causeway owns; 0006: subscriptions).
//
// Threads: safe for concurrent use; each call borrows a pooled connection for one transaction.
// Mutations serialise on the revision counter row (see the migration), which keeps revisions in
// commit order; reads do not take it.
#include <memory>
#include <string>

#include "common/pg/pg_pool.h"
#include "topology/topology_store.h"

namespace causeway::topology {

class PgTopologyStore : public TopologyStore {
 public:
  explicit PgTopologyStore(pg::PgPool* pool);

  // Declares the store's prepared statements on a new connection (pass to PgPool).
  static void PrepareStatements(pqxx::connection& conn);

  absl::StatusOr<Committed> Create(EntityKind kind, google::protobuf::Message* entity,
                                   const Actor& actor) override;
  absl::Status Get(EntityKind kind, const std::vector<std::string>& key,
                   google::protobuf::Message* out) override;
  absl::StatusOr<Page> List(EntityKind kind, const ListQuery& query) override;
  absl::StatusOr<Committed> Update(
      EntityKind kind, const std::vector<std::string>& key, int64_t expected_version,
      const std::function<absl::Status(google::protobuf::Message*)>& mutate,
      google::protobuf::Message* out, const Actor& actor) override;
  absl::StatusOr<Committed> Delete(EntityKind kind, const std::vector<std::string>& key,
                                   int64_t expected_version, const Actor& actor) override;
  absl::StatusOr<Committed> Place(const std::string& ns, const std::string& event_type,
                                  const PlacementTarget& target,
                                  const TopicProvisioner& provision, v1::Placement* out,
                                  const Actor& actor) override;
  absl::StatusOr<Committed> Move(const std::string& ns, const std::string& event_type,
                                 const PlacementTarget& target, int64_t expected_version,
                                 const TopicProvisioner& provision, v1::Placement* out,
                                 const Actor& actor) override;
  absl::StatusOr<Committed> CreateSubscription(v1::Subscription* subscription,
                                               const TopicProvisioner& provision,
                                               const ReaderCheck& check_readers,
                                               const Actor& actor) override;
  absl::StatusOr<Committed> UpdateSubscription(
      const std::string& name, int64_t expected_version,
      const std::function<absl::Status(v1::Subscription*)>& mutate,
      const ReaderCheck& check_readers, v1::Subscription* out, const Actor& actor) override;
  absl::StatusOr<HistoryPage> History(const HistoryQuery& query) override;
  absl::StatusOr<int64_t> Snapshot(std::vector<v1::Change>* entities) override;
  absl::StatusOr<std::vector<v1::Change>> ChangesAfter(int64_t revision, int limit) override;

 private:
  pg::PgPool* pool_;
};

// Helpers shared with the schema store: they run inside a caller's transaction.
namespace pgtx {
// Appends a change to the history (bumping the revision) and notifies watchers on commit.
// `detail`: what the change did beyond the entity (its broken_subscriptions), kept beside it.
int64_t RecordChange(pqxx::work& txn, EntityKind kind, const google::protobuf::Message& entity,
                     bool deleted, const Actor& actor, const v1::Change* detail = nullptr);
// Reads an entity; NOT_FOUND names it. `for_update` takes the row lock.
absl::Status Load(pqxx::work& txn, EntityKind kind, const std::vector<std::string>& key,
                  bool for_update, google::protobuf::Message* out);
int64_t NowMicros();
}  // namespace pgtx

// The LISTEN/NOTIFY channel that carries committed revisions.
inline constexpr char kChangesChannel[] = "causeway_changes";

}  // namespace causeway::topology
