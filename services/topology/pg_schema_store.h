#pragma once
// PgSchemaStore: SchemaStore on PostgreSQL (tables in migrations/0002_schemas.sql). Shares the
// revision counter and change history with PgTopologyStore, so schema changes reach Watch.
//
// Threads: safe for concurrent use (one pooled connection per call).
#include "common/pg/pg_pool.h"
#include "topology/schema_store.h"

namespace causeway::topology {

class PgSchemaStore : public SchemaStore {
 public:
  explicit PgSchemaStore(pg::PgPool* pool) : pool_(pool) {}

  // Declares this store's prepared statements on a new connection.
  static void PrepareStatements(pqxx::connection& conn);

  absl::StatusOr<Committed> Register(const std::string& ns, const std::string& event_type,
                                     const std::string& id, const std::string& definition,
                                     const std::string& canonical_form, v1::Schema* out,
                                     const Actor& actor) override;
  absl::Status Get(const SchemaKey& key, v1::Schema* out) override;
  absl::Status GetByGlobalId(int32_t global_id, v1::Schema* out) override;
  absl::StatusOr<std::vector<v1::Subscription>> Readers(const std::string& ns,
                                                        const std::string& event_type) override;
  absl::StatusOr<std::vector<v1::Schema>> List(const std::string& ns,
                                               const std::string& event_type) override;
  absl::StatusOr<Committed> Activate(const SchemaKey& key, const ActivationCheck& check,
                                     v1::Schema* out, const Actor& actor) override;
  absl::StatusOr<Committed> Deprecate(const SchemaKey& key, v1::Schema* out,
                                      const Actor& actor) override;

 private:
  pg::PgPool* pool_;
};

// Prepares the statements of both stores (PgTopologyStore and PgSchemaStore): pass to PgPool.
void PrepareStoreStatements(pqxx::connection& conn);

}  // namespace causeway::topology
