#include "topology/pg_topology_store.h"

#include <algorithm>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "common/core/errors.h"
#include "google/protobuf/util/time_util.h"
#include "topology/subscription_rules.h"

namespace causeway::topology {
namespace {

using google::protobuf::Message;
using pqxx::prepare::make_dynamic_params;

std::string StatementName(EntityKind kind, absl::string_view op) {
  return absl::StrCat(Spec(kind).name, "_", op);
}

// "a = $1 AND b = $2", numbering from `first`.
std::string KeyPredicate(const std::vector<std::string>& columns, int first) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < columns.size(); ++i) {
    parts.push_back(absl::StrCat(columns[i], " = $", first + static_cast<int>(i)));
  }
  return absl::StrJoin(parts, " AND ");
}

std::vector<std::string> StoredColumns(const KindSpec& spec) {
  std::vector<std::string> columns = spec.key_columns;
  columns.insert(columns.end(), spec.extra_columns.begin(), spec.extra_columns.end());
  return columns;
}

// Values of the stored columns (keys then extras), then version and body: the insert/update order.
std::vector<std::string> RowValues(EntityKind kind, const Message& entity) {
  std::vector<std::string> values;
  for (const std::string& column : StoredColumns(Spec(kind))) values.push_back(ColumnValue(entity, column));
  values.push_back(absl::StrCat(VersionOf(entity)));
  values.push_back(ToJson(entity));
  return values;
}

std::string EncodePageToken(const std::vector<std::string>& key) {
  return absl::WebSafeBase64Escape(absl::StrJoin(key, "\x1f"));
}

absl::StatusOr<std::vector<std::string>> DecodePageToken(const std::string& token, size_t parts) {
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw)) return InvalidField("page_token", "malformed");
  std::vector<std::string> key = absl::StrSplit(raw, '\x1f');
  if (key.size() != parts) return InvalidField("page_token", "not a token of this list");
  return key;
}

absl::StatusOr<v1::Change> ChangeFromRow(const pqxx::row& row) {
  v1::Change change;
  change.set_revision(row["revision"].as<int64_t>());
  change.set_op(row["op"].as<std::string>() == "delete" ? v1::Change::OP_DELETE
                                                        : v1::Change::OP_PUT);
  change.set_actor(row["actor"].as<std::string>());
  *change.mutable_time() = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(
      row["at_us"].as<int64_t>());
  auto kind = KindFromName(row["kind"].as<std::string>());
  if (!kind.ok()) return kind.status();
  auto entity = NewEntity(*kind);
  if (absl::Status s = FromJson(row["body"].as<std::string>(), entity.get()); !s.ok()) return s;
  SetChangeEntity(*kind, *entity, &change);
  if (!row["detail"].is_null()) {
    v1::Change detail;
    if (absl::Status s = FromJson(row["detail"].as<std::string>(), &detail); !s.ok()) return s;
    *change.mutable_broken_subscriptions() = detail.broken_subscriptions();
  }
  return change;
}

// The target keys an entity's element reference names: one per element of the repeated field.
std::vector<std::vector<std::string>> ElementKeys(const ElementReference& ref, const Message& entity) {
  const auto* field = entity.GetDescriptor()->FindFieldByName(ref.field);
  const auto* r = entity.GetReflection();
  std::vector<std::vector<std::string>> keys;
  for (int i = 0; i < r->FieldSize(entity, field); ++i) {
    const Message& element = r->GetRepeatedMessage(entity, field, i);
    std::vector<std::string> key;
    for (const std::string& sub : ref.subfields) key.push_back(ColumnValue(element, sub));
    keys.push_back(std::move(key));
  }
  return keys;
}

// Rewrites the rows of an entity's element references (they follow its repeated fields).
void WriteElementRows(pqxx::work& txn, EntityKind kind, const Message& entity) {
  const KindSpec& spec = Spec(kind);
  const std::vector<std::string> owner_key = KeyOf(kind, entity);
  for (const ElementReference& ref : spec.element_references) {
    txn.exec_params(absl::StrCat("DELETE FROM ", ref.table, " WHERE ",
                                 KeyPredicate(spec.key_columns, 1)),
                    make_dynamic_params(owner_key));
    std::vector<std::string> columns = spec.key_columns;
    columns.insert(columns.end(), ref.columns.begin(), ref.columns.end());
    std::vector<std::string> placeholders;
    for (size_t i = 1; i <= columns.size(); ++i) placeholders.push_back(absl::StrCat("$", i));
    const std::string sql =
        absl::StrCat("INSERT INTO ", ref.table, " (", absl::StrJoin(columns, ", "), ") VALUES (",
                     absl::StrJoin(placeholders, ", "), ") ON CONFLICT DO NOTHING");
    for (const std::vector<std::string>& target : ElementKeys(ref, entity)) {
      std::vector<std::string> values = owner_key;
      values.insert(values.end(), target.begin(), target.end());
      txn.exec_params(sql, make_dynamic_params(values));
    }
  }
}

constexpr char kChangeColumns[] =
    "revision, kind, op, actor, (extract(epoch from at) * 1000000)::bigint AS at_us, body, detail";

// FAILED_PRECONDITION naming up to five users of `key`, or OK when nothing refers to it.
absl::Status CheckUnused(pqxx::work& txn, EntityKind kind, const std::vector<std::string>& key) {
  std::vector<std::string> users;
  for (const Dependent& dep : Spec(kind).dependents) {
    const KindSpec& dspec = Spec(dep.kind);
    const std::string sql =
        absl::StrCat("SELECT DISTINCT ", absl::StrJoin(dspec.key_columns, ", "), " FROM ",
                     dep.via_table.empty() ? dspec.table : dep.via_table, " WHERE ",
                     KeyPredicate(dep.columns, 1), " ORDER BY 1 LIMIT 5");
    for (const pqxx::row& row : txn.exec_params(sql, make_dynamic_params(key))) {
      std::vector<std::string> user_key;
      for (const auto& field : row) user_key.push_back(field.as<std::string>());
      users.push_back(absl::StrCat(dspec.label, " \"", KeyText(user_key), "\""));
    }
  }
  if (users.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(Spec(kind).label, " \"", KeyText(key),
                                                    "\" is in use by ", absl::StrJoin(users, ", ")));
}

// Deletes what `key` owns (an event type's schemas), recording each deletion so that watchers
// drop them too.
absl::Status DeleteOwned(pqxx::work& txn, EntityKind kind, const std::vector<std::string>& key,
                         const Actor& actor) {
  for (const Dependent& owned : Spec(kind).owned) {
    const KindSpec& ospec = Spec(owned.kind);
    const std::string where = KeyPredicate(owned.columns, 1);
    const pqxx::result rows = txn.exec_params(
        absl::StrCat("SELECT body FROM ", ospec.table, " WHERE ", where), make_dynamic_params(key));
    for (const pqxx::row& row : rows) {
      auto entity = NewEntity(owned.kind);
      if (absl::Status s = FromJson(row[0].as<std::string>(), entity.get()); !s.ok()) return s;
      pgtx::RecordChange(txn, owned.kind, *entity, /*deleted=*/true, actor);
    }
    txn.exec_params(absl::StrCat("DELETE FROM ", ospec.table, " WHERE ", where),
                    make_dynamic_params(key));
  }
  return absl::OkStatus();
}

// NOT_FOUND for the first reference of `entity` that names nothing.
absl::Status CheckReferences(pqxx::work& txn, EntityKind kind, const Message& entity) {
  for (const Reference& ref : Spec(kind).references) {
    std::vector<std::string> target_key;
    bool all_empty = true;
    for (const std::string& column : ref.columns) {
      target_key.push_back(ColumnValue(entity, column));
      all_empty = all_empty && target_key.back().empty();
    }
    if (ref.optional && all_empty) continue;
    const KindSpec& tspec = Spec(ref.target);
    const std::string sql = absl::StrCat("SELECT 1 FROM ", tspec.table, " WHERE ",
                                         KeyPredicate(tspec.key_columns, 1));
    if (txn.exec_params(sql, make_dynamic_params(target_key)).empty()) {
      return NotFound(tspec.label, KeyText(target_key));
    }
  }
  for (const ElementReference& ref : Spec(kind).element_references) {
    const KindSpec& tspec = Spec(ref.target);
    const std::string sql = absl::StrCat("SELECT 1 FROM ", tspec.table, " WHERE ",
                                         KeyPredicate(tspec.key_columns, 1));
    for (const std::vector<std::string>& target_key : ElementKeys(ref, entity)) {
      if (txn.exec_params(sql, make_dynamic_params(target_key)).empty()) {
        return NotFound(tspec.label, KeyText(target_key));
      }
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Committed> InsertEntity(pqxx::work& txn, EntityKind kind, Message* entity,
                                       const Actor& actor) {
  if (absl::Status s = CheckReferences(txn, kind, *entity); !s.ok()) return s;
  SetVersion(entity, 1);
  SetTimes(entity, /*created=*/true, pgtx::NowMicros());
  const auto key = KeyOf(kind, *entity);
  if (!txn.exec_prepared(StatementName(kind, "get"), make_dynamic_params(key)).empty()) {
    return AlreadyExists(Spec(kind).label, KeyText(key));
  }
  txn.exec_prepared(StatementName(kind, "insert"), make_dynamic_params(RowValues(kind, *entity)));
  WriteElementRows(txn, kind, *entity);
  return Committed{pgtx::RecordChange(txn, kind, *entity, false, actor)};
}

absl::StatusOr<Committed> UpdateEntity(pqxx::work& txn, EntityKind kind, Message* entity,
                                       const Actor& actor) {
  SetVersion(entity, VersionOf(*entity) + 1);
  SetTimes(entity, /*created=*/false, pgtx::NowMicros());
  txn.exec_prepared(StatementName(kind, "update"), make_dynamic_params(RowValues(kind, *entity)));
  WriteElementRows(txn, kind, *entity);
  return Committed{pgtx::RecordChange(txn, kind, *entity, false, actor)};
}

absl::Status CheckVersion(EntityKind kind, const Message& current, int64_t expected) {
  if (expected != 0 && VersionOf(current) != expected) {
    return StaleVersion(Spec(kind).label, KeyText(KeyOf(kind, current)), expected,
                        VersionOf(current));
  }
  return absl::OkStatus();
}

// The cluster a placement goes to: the named one (checked) or the least-loaded active one.
absl::Status ChooseCluster(pqxx::work& txn, const std::string& zone, const std::string& wanted,
                           v1::Cluster* out) {
  if (!wanted.empty()) {
    if (absl::Status s = pgtx::Load(txn, EntityKind::kCluster, {wanted}, false, out); !s.ok()) {
      return s;
    }
    if (out->zone() != zone) {
      return InvalidField("cluster", absl::StrCat("cluster \"", wanted, "\" is in zone \"",
                                                  out->zone(), "\", not \"", zone, "\""));
    }
    if (out->state() == v1::CLUSTER_STATE_DRAINING) {
      return absl::FailedPreconditionError(
          absl::StrCat("cluster \"", wanted, "\" is draining and takes no new placements"));
    }
    return absl::OkStatus();
  }
  const pqxx::result r = txn.exec_prepared("choose_cluster", zone);
  if (r.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("zone \"", zone, "\" has no active cluster to place on"));
  }
  return FromJson(r[0]["body"].as<std::string>(), out);
}

// What the provisioner may do with a topic already on the cluster: use it when it is the event
// type's own (created or adopted for it before) or adopted now; ALREADY_EXISTS when it is
// another event type's.
absl::StatusOr<kafka::ExistingTopic> TopicRule(pqxx::work& txn, const v1::Cluster& cluster,
                                               const v1::EventType& et, Adoption adoption) {
  const pqxx::result r = txn.exec_prepared("topic_owner", cluster.name(), et.topic());
  if (r.empty()) {
    return adoption == Adoption::kAdoptExisting ? kafka::ExistingTopic::kVerify
                                                : kafka::ExistingTopic::kRefuse;
  }
  const std::string ns = r[0][0].as<std::string>();
  const std::string name = r[0][1].as<std::string>();
  if (ns == et.namespace_() && name == et.name()) return kafka::ExistingTopic::kVerify;
  return absl::AlreadyExistsError(absl::StrCat("topic \"", et.topic(), "\" on cluster \"",
                                               cluster.name(), "\" belongs to event type \"",
                                               ns, "/", name, "\""));
}

// Provisions the event type's topic on the cluster and records it as the event type's.
absl::Status ProvisionOwnTopic(pqxx::work& txn, const v1::EventType& et, const v1::Zone& zone,
                               const v1::Cluster& cluster, Adoption adoption,
                               const TopicProvisioner& provision) {
  absl::StatusOr<kafka::ExistingTopic> rule = TopicRule(txn, cluster, et, adoption);
  if (!rule.ok()) return rule.status();
  if (absl::Status s = provision(et, zone, cluster, *rule); !s.ok()) return s;
  // A concurrent placement of another event type may have claimed it meanwhile: the row lock
  // makes this wait for it, and the check below sees its commit.
  txn.exec_prepared("claim_topic", cluster.name(), et.topic(), et.namespace_(), et.name());
  rule = TopicRule(txn, cluster, et, Adoption::kRefuse);
  return rule.status();
}

// Creates a subscription's dead-letter and redrive topics on `cluster` with the zone's layout and
// `partitions` (the most of its event types'); an existing topic of that layout is fine.
absl::Status ProvisionSubscriptionTopics(const v1::Subscription& sub, int32_t partitions,
                                         const v1::Zone& zone, const v1::Cluster& cluster,
                                         const TopicProvisioner& provision) {
  for (const std::string& topic : {sub.dead_letter_topic(), sub.redrive_topic()}) {
    v1::EventType spec;  // only the topic's layout (see TopicProvisioner)
    spec.set_topic(topic);
    spec.set_partitions(partitions);
    if (absl::Status s = provision(spec, zone, cluster, kafka::ExistingTopic::kVerify); !s.ok()) {
      return s;
    }
  }
  return absl::OkStatus();
}

// A placement brings its cluster into the subscriptions that read the event type in that zone:
// their topics go there too, before the placement is recorded.
absl::Status ProvisionTopicsOfSubscriptionsReading(pqxx::work& txn, const v1::EventType& et,
                                                   const v1::Zone& zone,
                                                   const v1::Cluster& cluster,
                                                   const TopicProvisioner& provision) {
  const pqxx::result rows =
      txn.exec_prepared("subscriptions_reading", zone.name(), et.namespace_(), et.name());
  for (const pqxx::row& row : rows) {
    v1::Subscription sub;
    if (absl::Status s = FromJson(row["body"].as<std::string>(), &sub); !s.ok()) return s;
    const int32_t partitions = row["partitions"].as<int32_t>();
    if (absl::Status s = ProvisionSubscriptionTopics(sub, partitions, zone, cluster, provision);
        !s.ok()) {
      return Annotate(s, absl::StrCat("subscription \"", sub.name(), "\""));
    }
  }
  return absl::OkStatus();
}

// Locks the event types `sub` reads, in key order (so that two writers cannot deadlock); the
// keys, sorted. NOT_FOUND for the first missing one. `partitions`: the most of theirs.
absl::StatusOr<std::vector<std::vector<std::string>>> LockEventTypes(pqxx::work& txn,
                                                                     const v1::Subscription& sub,
                                                                     int32_t* partitions) {
  std::vector<std::vector<std::string>> keys;
  for (const v1::EventTypeRef& ref : sub.event_types()) keys.push_back({ref.namespace_(), ref.name()});
  std::sort(keys.begin(), keys.end());
  for (const std::vector<std::string>& key : keys) {
    v1::EventType et;
    if (absl::Status s = pgtx::Load(txn, EntityKind::kEventType, key, true, &et); !s.ok()) return s;
    *partitions = std::max(*partitions, et.partitions());
  }
  return keys;
}

// Runs `check` on `sub` with the schemas of its event types as this transaction reads them
// (after LockEventTypes, so no activation of one of them commits in between).
absl::Status CheckReaders(pqxx::work& txn, const ReaderCheck& check, v1::Subscription* sub) {
  if (!check || sub->reader_schemas_size() == 0) return absl::OkStatus();
  SchemasByEventType schemas;
  for (const v1::EventTypeRef& ref : sub->event_types()) {
    std::vector<v1::Schema>& list = schemas[EventTypeKey(ref)];
    for (const pqxx::row& row : txn.exec_prepared("schema_list", ref.namespace_(), ref.name())) {
      if (absl::Status s = FromJson(row[0].as<std::string>(), &list.emplace_back()); !s.ok()) {
        return s;
      }
    }
  }
  return check(schemas, sub);
}

}  // namespace

namespace pgtx {

int64_t NowMicros() { return absl::ToUnixMicros(absl::Now()); }

int64_t RecordChange(pqxx::work& txn, EntityKind kind, const Message& entity, bool deleted,
                     const Actor& actor, const v1::Change* detail) {
  const pqxx::result r = txn.exec_prepared(
      "record_change", Spec(kind).name, EntityPath(kind, KeyOf(kind, entity)),
      deleted ? "delete" : "put", actor.name, ToJson(entity),
      detail == nullptr ? std::string() : ToJson(*detail));
  const int64_t revision = r[0][0].as<int64_t>();
  // Delivered when (and only if) the transaction commits.
  txn.exec_prepared("notify_change", absl::StrCat(revision));
  return revision;
}

absl::Status Load(pqxx::work& txn, EntityKind kind, const std::vector<std::string>& key,
                  bool for_update, Message* out) {
  const pqxx::result r = txn.exec_prepared(
      StatementName(kind, for_update ? "get_for_update" : "get"), make_dynamic_params(key));
  if (r.empty()) return NotFound(Spec(kind).label, KeyText(key));
  return FromJson(r[0][0].as<std::string>(), out);
}

}  // namespace pgtx

PgTopologyStore::PgTopologyStore(pg::PgPool* pool) : pool_(pool) {}

void PgTopologyStore::PrepareStatements(pqxx::connection& conn) {
  for (EntityKind kind : AllKinds()) {
    // Schemas have a lifecycle of their own (PgSchemaStore) instead of generic CRUD.
    if (kind == EntityKind::kSchema) continue;
    const KindSpec& spec = Spec(kind);
    const std::vector<std::string> columns = StoredColumns(spec);
    const int n = static_cast<int>(columns.size());
    std::vector<std::string> placeholders;
    for (int i = 1; i <= n + 2; ++i) placeholders.push_back(absl::StrCat("$", i));
    conn.prepare(StatementName(kind, "insert"),
                 absl::StrCat("INSERT INTO ", spec.table, " (", absl::StrJoin(columns, ", "),
                              ", version, body) VALUES (", absl::StrJoin(placeholders, ", "), ")"));
    const std::string by_key = KeyPredicate(spec.key_columns, 1);
    conn.prepare(StatementName(kind, "get"),
                 absl::StrCat("SELECT body FROM ", spec.table, " WHERE ", by_key));
    conn.prepare(StatementName(kind, "get_for_update"),
                 absl::StrCat("SELECT body FROM ", spec.table, " WHERE ", by_key, " FOR UPDATE"));
    std::vector<std::string> sets;
    for (int i = static_cast<int>(spec.key_columns.size()); i < n; ++i) {
      sets.push_back(absl::StrCat(columns[i], " = $", i + 1));
    }
    sets.push_back(absl::StrCat("version = $", n + 1));
    sets.push_back(absl::StrCat("body = $", n + 2));
    conn.prepare(StatementName(kind, "update"),
                 absl::StrCat("UPDATE ", spec.table, " SET ", absl::StrJoin(sets, ", "), " WHERE ",
                              by_key));
    conn.prepare(StatementName(kind, "delete"),
                 absl::StrCat("DELETE FROM ", spec.table, " WHERE ", by_key));
  }
  conn.prepare("record_change",
               "WITH r AS (UPDATE revision_counter SET revision = revision + 1 RETURNING revision) "
               "INSERT INTO changes (revision, kind, entity, op, actor, body, detail) "
               "SELECT revision, $1, $2, $3, $4, $5, NULLIF($6, '')::jsonb FROM r "
               "RETURNING revision");
  conn.prepare("notify_change", absl::StrCat("SELECT pg_notify('", kChangesChannel, "', $1)"));
  conn.prepare("current_revision", "SELECT revision FROM revision_counter");
  conn.prepare("choose_cluster",
               "SELECT c.body FROM clusters c LEFT JOIN placements p ON p.cluster = c.name "
               "WHERE c.zone = $1 AND c.state = 'CLUSTER_STATE_ACTIVE' "
               "GROUP BY c.name, c.body ORDER BY count(p.cluster), c.name LIMIT 1");
  conn.prepare("placements_of",
               "SELECT body FROM placements WHERE namespace = $1 AND event_type = $2 ORDER BY zone");
  // The subscriptions of a zone reading an event type, each with the most partitions of its
  // event types (its topics' partition count).
  conn.prepare("subscriptions_reading",
               "SELECT s.body, (SELECT max((et.body->>'partitions')::int) FROM "
               "subscription_event_types x JOIN event_types et ON et.namespace = x.namespace AND "
               "et.name = x.event_type WHERE x.name = s.name) AS partitions "
               "FROM subscriptions s WHERE s.zone = $1 AND s.name IN (SELECT name FROM "
               "subscription_event_types WHERE namespace = $2 AND event_type = $3) ORDER BY s.name");
  conn.prepare("topic_owner",
               "SELECT namespace, event_type FROM topics WHERE cluster = $1 AND topic = $2");
  conn.prepare("claim_topic",
               "INSERT INTO topics (cluster, topic, namespace, event_type) VALUES ($1, $2, $3, $4) "
               "ON CONFLICT DO NOTHING");
  conn.prepare("changes_after", absl::StrCat("SELECT ", kChangeColumns,
                                             " FROM changes WHERE revision > $1 "
                                             "ORDER BY revision LIMIT $2"));
}

absl::StatusOr<Committed> PgTopologyStore::Create(EntityKind kind, Message* entity,
                                                  const Actor& actor) {
  return pool_->WithTransaction<Committed>(
      [&](pqxx::work& txn) { return InsertEntity(txn, kind, entity, actor); });
}

absl::Status PgTopologyStore::Get(EntityKind kind, const std::vector<std::string>& key,
                                  Message* out) {
  return pool_->WithTransaction(
      [&](pqxx::work& txn) { return pgtx::Load(txn, kind, key, false, out); });
}

absl::StatusOr<Page> PgTopologyStore::List(EntityKind kind, const ListQuery& query) {
  const KindSpec& spec = Spec(kind);
  std::vector<std::string> predicates;
  std::vector<std::string> params;
  for (const auto& [column, value] : query.where) {
    params.push_back(value);
    predicates.push_back(absl::StrCat(column, " = $", params.size()));
  }
  if (!query.where_element.empty() && !spec.element_references.empty()) {
    std::vector<std::string> element_predicates;
    for (const auto& [column, value] : query.where_element) {
      params.push_back(value);
      element_predicates.push_back(absl::StrCat(column, " = $", params.size()));
    }
    const std::string keys = absl::StrJoin(spec.key_columns, ", ");
    predicates.push_back(absl::StrCat("(", keys, ") IN (SELECT ", keys, " FROM ",
                                      spec.element_references[0].table, " WHERE ",
                                      absl::StrJoin(element_predicates, " AND "), ")"));
  }
  if (!query.page_token.empty()) {
    auto after = DecodePageToken(query.page_token, spec.key_columns.size());
    if (!after.ok()) return after.status();
    std::vector<std::string> placeholders;
    for (const std::string& v : *after) {
      params.push_back(v);
      placeholders.push_back(absl::StrCat("$", params.size()));
    }
    predicates.push_back(absl::StrCat("(", absl::StrJoin(spec.key_columns, ", "), ") > (",
                                      absl::StrJoin(placeholders, ", "), ")"));
  }
  const std::string sql = absl::StrCat(
      "SELECT body FROM ", spec.table, predicates.empty() ? "" : " WHERE ",
      absl::StrJoin(predicates, " AND "), " ORDER BY ", absl::StrJoin(spec.key_columns, ", "),
      " LIMIT ", query.page_size + 1);
  return pool_->WithTransaction<Page>([&](pqxx::work& txn) -> absl::StatusOr<Page> {
    Page page;
    const pqxx::result r = txn.exec_params(sql, make_dynamic_params(params));
    for (const pqxx::row& row : r) {
      if (static_cast<int>(page.items.size()) == query.page_size) {
        page.next_page_token = EncodePageToken(KeyOf(kind, *page.items.back()));
        break;
      }
      auto entity = NewEntity(kind);
      if (absl::Status s = FromJson(row[0].as<std::string>(), entity.get()); !s.ok()) return s;
      page.items.push_back(std::move(entity));
    }
    return page;
  });
}

absl::StatusOr<Committed> PgTopologyStore::Update(
    EntityKind kind, const std::vector<std::string>& key, int64_t expected_version,
    const std::function<absl::Status(Message*)>& mutate, Message* out, const Actor& actor) {
  return pool_->WithTransaction<Committed>([&](pqxx::work& txn) -> absl::StatusOr<Committed> {
    if (absl::Status s = pgtx::Load(txn, kind, key, true, out); !s.ok()) return s;
    if (absl::Status s = CheckVersion(kind, *out, expected_version); !s.ok()) return s;
    if (absl::Status s = mutate(out); !s.ok()) return s;
    if (absl::Status s = CheckReferences(txn, kind, *out); !s.ok()) return s;
    return UpdateEntity(txn, kind, out, actor);
  });
}

absl::StatusOr<Committed> PgTopologyStore::Delete(EntityKind kind,
                                                  const std::vector<std::string>& key,
                                                  int64_t expected_version, const Actor& actor) {
  return pool_->WithTransaction<Committed>([&](pqxx::work& txn) -> absl::StatusOr<Committed> {
    auto current = NewEntity(kind);
    if (absl::Status s = pgtx::Load(txn, kind, key, true, current.get()); !s.ok()) return s;
    if (absl::Status s = CheckVersion(kind, *current, expected_version); !s.ok()) return s;
    if (absl::Status s = CheckUnused(txn, kind, key); !s.ok()) return s;
    if (absl::Status s = DeleteOwned(txn, kind, key, actor); !s.ok()) return s;
    txn.exec_prepared(StatementName(kind, "delete"), make_dynamic_params(key));
    return Committed{pgtx::RecordChange(txn, kind, *current, true, actor)};
  });
}

absl::StatusOr<Committed> PgTopologyStore::Place(const std::string& ns,
                                                 const std::string& event_type,
                                                 const PlacementTarget& target,
                                                 const TopicProvisioner& provision,
                                                 v1::Placement* out, const Actor& actor) {
  const std::string& zone = target.zone;
  return pool_->WithTransaction<Committed>([&](pqxx::work& txn) -> absl::StatusOr<Committed> {
    v1::EventType et;
    v1::Zone z;
    v1::Cluster c;
    // Locking the event type serialises placements of one event type.
    if (absl::Status s = pgtx::Load(txn, EntityKind::kEventType, {ns, event_type}, true, &et);
        !s.ok()) {
      return s;
    }
    if (absl::Status s = pgtx::Load(txn, EntityKind::kZone, {zone}, false, &z); !s.ok()) return s;
    v1::Placement existing;
    if (pgtx::Load(txn, EntityKind::kPlacement, {ns, event_type, zone}, false, &existing).ok()) {
      return AlreadyExists("placement", KeyText({ns, event_type, zone}));
    }
    if (absl::Status s = ChooseCluster(txn, zone, target.cluster, &c); !s.ok()) return s;
    if (absl::Status s = ProvisionOwnTopic(txn, et, z, c, target.adoption, provision); !s.ok()) {
      return s;
    }
    if (absl::Status s = ProvisionTopicsOfSubscriptionsReading(txn, et, z, c, provision); !s.ok()) {
      return s;
    }
    out->set_namespace_(ns);
    out->set_event_type(event_type);
    out->set_zone(zone);
    out->set_cluster(c.name());
    out->set_topic(et.topic());
    return InsertEntity(txn, EntityKind::kPlacement, out, actor);
  });
}

absl::StatusOr<Committed> PgTopologyStore::Move(const std::string& ns,
                                                const std::string& event_type,
                                                const PlacementTarget& target,
                                                int64_t expected_version,
                                                const TopicProvisioner& provision,
                                                v1::Placement* out, const Actor& actor) {
  const std::string& zone = target.zone;
  return pool_->WithTransaction<Committed>([&](pqxx::work& txn) -> absl::StatusOr<Committed> {
    if (absl::Status s =
            pgtx::Load(txn, EntityKind::kPlacement, {ns, event_type, zone}, true, out);
        !s.ok()) {
      return s;
    }
    if (absl::Status s = CheckVersion(EntityKind::kPlacement, *out, expected_version); !s.ok()) {
      return s;
    }
    if (out->cluster() == target.cluster) return Committed{0};  // already there: nothing to do
    v1::EventType et;
    v1::Zone z;
    v1::Cluster c;
    if (absl::Status s = pgtx::Load(txn, EntityKind::kEventType, {ns, event_type}, false, &et);
        !s.ok()) {
      return s;
    }
    if (absl::Status s = pgtx::Load(txn, EntityKind::kZone, {zone}, false, &z); !s.ok()) return s;
    if (absl::Status s = ChooseCluster(txn, zone, target.cluster, &c); !s.ok()) return s;
    if (absl::Status s = ProvisionOwnTopic(txn, et, z, c, target.adoption, provision); !s.ok()) {
      return s;
    }
    if (absl::Status s = ProvisionTopicsOfSubscriptionsReading(txn, et, z, c, provision); !s.ok()) {
      return s;
    }
    out->set_cluster(c.name());
    return UpdateEntity(txn, EntityKind::kPlacement, out, actor);
  });
}

absl::StatusOr<Committed> PgTopologyStore::CreateSubscription(v1::Subscription* sub,
                                                              const TopicProvisioner& provision,
                                                              const ReaderCheck& check_readers,
                                                              const Actor& actor) {
  return pool_->WithTransaction<Committed>([&](pqxx::work& txn) -> absl::StatusOr<Committed> {
    if (!txn.exec_prepared(StatementName(EntityKind::kSubscription, "get"), sub->name()).empty()) {
      return AlreadyExists("subscription", sub->name());
    }
    // Locking the event types (in key order, so that two creates cannot deadlock) serialises this
    // with their placements and schema activations, which lock them too.
    int32_t partitions = 1;
    auto keys = LockEventTypes(txn, *sub, &partitions);
    if (!keys.ok()) return keys.status();
    std::vector<v1::Placement> placements;
    for (const std::vector<std::string>& key : *keys) {
      for (const pqxx::row& row : txn.exec_prepared("placements_of", key[0], key[1])) {
        v1::Placement p;
        if (absl::Status s = FromJson(row[0].as<std::string>(), &p); !s.ok()) return s;
        placements.push_back(std::move(p));
      }
    }
    if (absl::Status s = CheckReaders(txn, check_readers, sub); !s.ok()) return s;
    if (absl::Status s = ChooseSubscriptionZone(placements, sub); !s.ok()) return s;
    v1::Zone zone;
    if (absl::Status s = pgtx::Load(txn, EntityKind::kZone, {sub->zone()}, false, &zone); !s.ok()) {
      return s;
    }
    for (const std::string& cluster_name : SubscriptionClusters(placements, *sub)) {
      v1::Cluster cluster;
      if (absl::Status s = pgtx::Load(txn, EntityKind::kCluster, {cluster_name}, false, &cluster);
          !s.ok()) {
        return s;
      }
      if (absl::Status s = ProvisionSubscriptionTopics(*sub, partitions, zone, cluster, provision);
          !s.ok()) {
        return s;
      }
    }
    return InsertEntity(txn, EntityKind::kSubscription, sub, actor);
  });
}

absl::StatusOr<Committed> PgTopologyStore::UpdateSubscription(
    const std::string& name, int64_t expected_version,
    const std::function<absl::Status(v1::Subscription*)>& mutate,
    const ReaderCheck& check_readers, v1::Subscription* out, const Actor& actor) {
  return pool_->WithTransaction<Committed>([&](pqxx::work& txn) -> absl::StatusOr<Committed> {
    // Its event types are fixed after creation: read them first, lock them, then the row.
    if (absl::Status s = pgtx::Load(txn, EntityKind::kSubscription, {name}, false, out); !s.ok()) {
      return s;
    }
    int32_t partitions = 1;
    if (auto keys = LockEventTypes(txn, *out, &partitions); !keys.ok()) return keys.status();
    if (absl::Status s = pgtx::Load(txn, EntityKind::kSubscription, {name}, true, out); !s.ok()) {
      return s;
    }
    if (absl::Status s = CheckVersion(EntityKind::kSubscription, *out, expected_version); !s.ok()) {
      return s;
    }
    if (absl::Status s = mutate(out); !s.ok()) return s;
    if (absl::Status s = CheckReaders(txn, check_readers, out); !s.ok()) return s;
    if (absl::Status s = CheckReferences(txn, EntityKind::kSubscription, *out); !s.ok()) return s;
    return UpdateEntity(txn, EntityKind::kSubscription, out, actor);
  });
}

absl::StatusOr<HistoryPage> PgTopologyStore::History(const HistoryQuery& query) {
  int64_t before = std::numeric_limits<int64_t>::max();
  if (!query.page_token.empty()) {
    std::string raw;
    if (!absl::WebSafeBase64Unescape(query.page_token, &raw) || !absl::SimpleAtoi(raw, &before)) {
      return InvalidField("page_token", "malformed");
    }
  }
  return pool_->WithTransaction<HistoryPage>([&](pqxx::work& txn) -> absl::StatusOr<HistoryPage> {
    const pqxx::result r = txn.exec_params(
        absl::StrCat("SELECT ", kChangeColumns,
                     " FROM changes WHERE revision < $1 AND ($2 = '' OR entity = $2 OR "
                     "entity LIKE $3) ORDER BY revision DESC LIMIT $4"),
        before, query.entity_prefix, txn.esc_like(query.entity_prefix) + "/%",
        query.page_size + 1);
    HistoryPage page;
    for (const pqxx::row& row : r) {
      if (static_cast<int>(page.changes.size()) == query.page_size) {
        page.next_page_token =
            absl::WebSafeBase64Escape(absl::StrCat(page.changes.back().revision()));
        break;
      }
      auto change = ChangeFromRow(row);
      if (!change.ok()) return change.status();
      page.changes.push_back(*std::move(change));
    }
    return page;
  });
}

absl::StatusOr<int64_t> PgTopologyStore::Snapshot(std::vector<v1::Change>* entities) {
  return pool_->WithTransaction<int64_t>([&](pqxx::work& txn) -> absl::StatusOr<int64_t> {
    // One snapshot for every read below: the revision and the rows agree.
    txn.exec("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY");
    const int64_t revision = txn.exec_prepared("current_revision")[0][0].as<int64_t>();
    entities->clear();
    for (EntityKind kind : AllKinds()) {
      const KindSpec& spec = Spec(kind);
      const pqxx::result r =
          txn.exec(absl::StrCat("SELECT body FROM ", spec.table, " ORDER BY ",
                                absl::StrJoin(spec.key_columns, ", ")));
      for (const pqxx::row& row : r) {
        auto entity = NewEntity(kind);
        if (absl::Status s = FromJson(row[0].as<std::string>(), entity.get()); !s.ok()) return s;
        v1::Change change;
        change.set_revision(revision);
        change.set_op(v1::Change::OP_PUT);
        SetChangeEntity(kind, *entity, &change);
        entities->push_back(std::move(change));
      }
    }
    return revision;
  });
}

absl::StatusOr<std::vector<v1::Change>> PgTopologyStore::ChangesAfter(int64_t revision,
                                                                      int limit) {
  return pool_->WithTransaction<std::vector<v1::Change>>(
      [&](pqxx::work& txn) -> absl::StatusOr<std::vector<v1::Change>> {
        std::vector<v1::Change> changes;
        for (const pqxx::row& row : txn.exec_prepared("changes_after", revision, limit)) {
          auto change = ChangeFromRow(row);
          if (!change.ok()) return change.status();
          changes.push_back(*std::move(change));
        }
        return changes;
      });
}

}  // namespace causeway::topology
