#include "topology/pg_schema_store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/core/errors.h"
#include "google/protobuf/util/time_util.h"
#include "topology/pg_topology_store.h"

namespace causeway::topology {
namespace {

constexpr char kPending[] = "SCHEMA_STATUS_PENDING";

std::string KeyLabel(const SchemaKey& key) {
  return key.ns.empty() ? key.id : absl::StrCat(key.ns, "/", key.event_type, "/", key.id);
}

absl::Status ParseRow(const pqxx::row& row, v1::Schema* out) {
  return FromJson(row["body"].as<std::string>(), out);
}

// Finds the one attachment `key` names; with no event type given, the id must be attached to
// exactly one event type.
absl::Status Resolve(pqxx::work& txn, const SchemaKey& key, bool for_update, v1::Schema* out) {
  if (!key.ns.empty()) {
    return pgtx::Load(txn, EntityKind::kSchema, {key.ns, key.event_type, key.id}, for_update, out);
  }
  const pqxx::result r = txn.exec_prepared(for_update ? "schema_by_id_for_update" : "schema_by_id",
                                           key.id);
  if (r.empty()) return NotFound("schema", key.id);
  if (r.size() > 1) {
    std::vector<std::string> owners;
    for (const auto& row : r) {
      owners.push_back(absl::StrCat(row["namespace"].as<std::string>(), "/",
                                    row["event_type"].as<std::string>()));
    }
    return InvalidField("event_type", absl::StrCat("schema ", key.id,
                                                   " is attached to several event types (",
                                                   absl::StrJoin(owners, ", "), "): name one"));
  }
  return ParseRow(r[0], out);
}

void Store(pqxx::work& txn, const v1::Schema& s) {
  txn.exec_prepared("schema_update", s.namespace_(), s.event_type(), s.id(),
                    v1::SchemaStatus_Name(s.status()), s.version(), ToJson(s));
}

void Stamp(v1::Schema* s, v1::SchemaStatus status, const Actor& actor) {
  s->set_status(status);
  s->set_status_by(actor.name);
  *s->mutable_status_time() =
      google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(pgtx::NowMicros());
}

absl::StatusOr<std::vector<v1::Subscription>> ReadersIn(pqxx::work& txn, const std::string& ns,
                                                        const std::string& event_type) {
  std::vector<v1::Subscription> readers;
  for (const auto& row : txn.exec_prepared("subscriptions_of_event_type", ns, event_type)) {
    if (absl::Status s = FromJson(row["body"].as<std::string>(), &readers.emplace_back());
        !s.ok()) {
      return s;
    }
  }
  return readers;
}

}  // namespace

void PrepareStoreStatements(pqxx::connection& conn) {
  PgTopologyStore::PrepareStatements(conn);
  PgSchemaStore::PrepareStatements(conn);
}

void PgSchemaStore::PrepareStatements(pqxx::connection& conn) {
  constexpr char kColumns[] = "namespace, event_type, id, body";
  conn.prepare("schema_get", absl::StrCat("SELECT body FROM schemas WHERE namespace = $1 AND "
                                          "event_type = $2 AND id = $3"));
  conn.prepare("schema_get_for_update",
               "SELECT body FROM schemas WHERE namespace = $1 AND event_type = $2 AND id = $3 "
               "FOR UPDATE");
  conn.prepare("schema_by_id", absl::StrCat("SELECT ", kColumns,
                                            " FROM schemas WHERE id = $1 ORDER BY 1, 2"));
  conn.prepare("schema_by_id_for_update",
               absl::StrCat("SELECT ", kColumns, " FROM schemas WHERE id = $1 ORDER BY 1, 2 FOR UPDATE"));
  conn.prepare("schema_by_global_id", "SELECT body FROM schemas WHERE global_id = $1 "
                                      "ORDER BY namespace, event_type LIMIT 1");
  conn.prepare("schema_list", "SELECT body FROM schemas WHERE namespace = $1 AND event_type = $2 "
                              "ORDER BY body->>'create_time', id");
  conn.prepare("schema_available",
               "SELECT body FROM schemas WHERE namespace = $1 AND event_type = $2 AND "
               "status = 'SCHEMA_STATUS_AVAILABLE' ORDER BY version DESC");
  conn.prepare("subscriptions_of_event_type",
               "SELECT s.body FROM subscriptions s JOIN subscription_event_types x ON "
               "x.name = s.name WHERE x.namespace = $1 AND x.event_type = $2 ORDER BY s.name");
  conn.prepare("schema_next_version",
               "SELECT coalesce(max(version), 0) + 1 FROM schemas WHERE namespace = $1 AND "
               "event_type = $2");
  conn.prepare("schema_text_upsert",
               "WITH ins AS (INSERT INTO schema_texts (id, canonical_form) VALUES ($1, $2) "
               "ON CONFLICT (id) DO NOTHING RETURNING global_id) "
               "SELECT global_id FROM ins UNION ALL SELECT global_id FROM schema_texts WHERE id = $1");
  conn.prepare("schema_insert",
               "INSERT INTO schemas (namespace, event_type, id, status, global_id, version, body) "
               "VALUES ($1, $2, $3, $4, $5, 0, $6)");
  conn.prepare("schema_update",
               "UPDATE schemas SET status = $4, version = $5, body = $6 "
               "WHERE namespace = $1 AND event_type = $2 AND id = $3");
}

absl::StatusOr<Committed> PgSchemaStore::Register(const std::string& ns,
                                                  const std::string& event_type,
                                                  const std::string& id,
                                                  const std::string& definition,
                                                  const std::string& canonical_form,
                                                  v1::Schema* out, const Actor& actor) {
  return pool_->WithTransaction<Committed>([&](pqxx::work& txn) -> absl::StatusOr<Committed> {
    v1::EventType et;
    if (absl::Status s = pgtx::Load(txn, EntityKind::kEventType, {ns, event_type}, false, &et);
        !s.ok()) {
      return s;
    }
    if (pgtx::Load(txn, EntityKind::kSchema, {ns, event_type, id}, false, out).ok()) {
      return Committed{0};  // registered before: same ids, same status
    }
    const int32_t global_id = txn.exec_prepared("schema_text_upsert", id, canonical_form)[0][0]
                                  .as<int32_t>();
    *out = v1::Schema();
    out->set_id(id);
    out->set_global_id(global_id);
    out->set_namespace_(ns);
    out->set_event_type(event_type);
    out->set_definition(definition);
    out->set_canonical_form(canonical_form);
    out->set_created_by(actor.name);
    Stamp(out, v1::SCHEMA_STATUS_PENDING, actor);
    *out->mutable_create_time() = out->status_time();
    txn.exec_prepared("schema_insert", ns, event_type, id, kPending, global_id, ToJson(*out));
    return Committed{pgtx::RecordChange(txn, EntityKind::kSchema, *out, false, actor)};
  });
}

absl::Status PgSchemaStore::Get(const SchemaKey& key, v1::Schema* out) {
  return pool_->WithTransaction([&](pqxx::work& txn) { return Resolve(txn, key, false, out); });
}

absl::Status PgSchemaStore::GetByGlobalId(int32_t global_id, v1::Schema* out) {
  return pool_->WithTransaction([&](pqxx::work& txn) -> absl::Status {
    const pqxx::result r = txn.exec_prepared("schema_by_global_id", global_id);
    if (r.empty()) return NotFound("schema with global id", absl::StrCat(global_id));
    return ParseRow(r[0], out);
  });
}

absl::StatusOr<std::vector<v1::Schema>> PgSchemaStore::List(const std::string& ns,
                                                            const std::string& event_type) {
  return pool_->WithTransaction<std::vector<v1::Schema>>(
      [&](pqxx::work& txn) -> absl::StatusOr<std::vector<v1::Schema>> {
        v1::EventType et;
        if (absl::Status s = pgtx::Load(txn, EntityKind::kEventType, {ns, event_type}, false, &et);
            !s.ok()) {
          return s;
        }
        std::vector<v1::Schema> out;
        for (const auto& row : txn.exec_prepared("schema_list", ns, event_type)) {
          if (absl::Status s = ParseRow(row, &out.emplace_back()); !s.ok()) return s;
        }
        return out;
      });
}

absl::StatusOr<std::vector<v1::Subscription>> PgSchemaStore::Readers(
    const std::string& ns, const std::string& event_type) {
  return pool_->WithTransaction<std::vector<v1::Subscription>>(
      [&](pqxx::work& txn) { return ReadersIn(txn, ns, event_type); });
}

absl::StatusOr<Committed> PgSchemaStore::Activate(const SchemaKey& key,
                                                  const ActivationCheck& check, v1::Schema* out,
                                                  const Actor& actor) {
  return pool_->WithTransaction<Committed>([&](pqxx::work& txn) -> absl::StatusOr<Committed> {
    if (absl::Status s = Resolve(txn, key, false, out); !s.ok()) return s;
    // The event type's row lock serialises activations: the second sees the first's result.
    v1::EventType et;
    if (absl::Status s = pgtx::Load(txn, EntityKind::kEventType,
                                    {out->namespace_(), out->event_type()}, true, &et);
        !s.ok()) {
      return s;
    }
    if (absl::Status s = pgtx::Load(txn, EntityKind::kSchema,
                                    {out->namespace_(), out->event_type(), out->id()}, true, out);
        !s.ok()) {
      return s;
    }
    if (out->status() == v1::SCHEMA_STATUS_AVAILABLE) return Committed{0};
    std::vector<v1::Schema> available;
    for (const auto& row : txn.exec_prepared("schema_available", et.namespace_(), et.name())) {
      if (absl::Status s = ParseRow(row, &available.emplace_back()); !s.ok()) return s;
    }
    // The readers are read from the table after the event type's lock is held, never from a
    // cache: a subscription create or update takes that lock too (TopologyStore::
    // CreateSubscription), so either it committed before this lock was granted and this
    // statement (READ COMMITTED: a snapshot per statement) sees it, or it waits for this
    // transaction and then checks its reader against this schema, AVAILABLE by then.
    auto readers = ReadersIn(txn, et.namespace_(), et.name());
    if (!readers.ok()) return readers.status();
    auto broken = check(et, *out, available, *readers);
    if (!broken.ok()) return broken.status();
    if (out->version() == 0) {
      out->set_version(txn.exec_prepared("schema_next_version", et.namespace_(), et.name())[0][0]
                           .as<int32_t>());
    }
    Stamp(out, v1::SCHEMA_STATUS_AVAILABLE, actor);
    Store(txn, *out);
    v1::Change detail;
    for (auto& b : *broken) *detail.add_broken_subscriptions() = std::move(b);
    return Committed{pgtx::RecordChange(txn, EntityKind::kSchema, *out, false, actor,
                                        broken->empty() ? nullptr : &detail)};
  });
}

absl::StatusOr<Committed> PgSchemaStore::Deprecate(const SchemaKey& key, v1::Schema* out,
                                                   const Actor& actor) {
  return pool_->WithTransaction<Committed>([&](pqxx::work& txn) -> absl::StatusOr<Committed> {
    if (absl::Status s = Resolve(txn, key, true, out); !s.ok()) return s;
    switch (out->status()) {
      case v1::SCHEMA_STATUS_DEPRECATED:
        return Committed{0};
      case v1::SCHEMA_STATUS_AVAILABLE:
        break;
      default:
        return absl::FailedPreconditionError(absl::StrCat(
            "schema ", KeyLabel(key), " is ", v1::SchemaStatus_Name(out->status()),
            ": only an available schema can be deprecated"));
    }
    Stamp(out, v1::SCHEMA_STATUS_DEPRECATED, actor);
    Store(txn, *out);
    return Committed{pgtx::RecordChange(txn, EntityKind::kSchema, *out, false, actor)};
  });
}

}  // namespace causeway::topology
