#include "common/topology/entity_kinds.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/util/json_util.h"
#include "google/protobuf/util/time_util.h"

namespace causeway::topology {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

const std::vector<KindSpec>& Specs() {
  static const auto* specs = new std::vector<KindSpec>{
      {EntityKind::kNamespace, "namespace", "namespace", "namespaces", {"name"}, {}, {},
       {{EntityKind::kEventType, {"namespace"}}, {EntityKind::kRoleBinding, {"namespace"}}}},
      {EntityKind::kZone, "zone", "zone", "zones", {"name"}, {}, {},
       {{EntityKind::kCluster, {"zone"}}, {EntityKind::kPlacement, {"zone"}},
        {EntityKind::kSubscription, {"zone"}}}},
      {EntityKind::kCluster, "cluster", "cluster", "clusters", {"name"}, {"zone", "state"},
       {{{"zone"}, EntityKind::kZone}},
       {{EntityKind::kPlacement, {"cluster"}}}},
      {EntityKind::kEventType, "event_type", "event type", "event_types", {"namespace", "name"}, {},
       {{{"namespace"}, EntityKind::kNamespace}},
       {{EntityKind::kPlacement, {"namespace", "event_type"}},
        {EntityKind::kSubscription, {"namespace", "event_type"}, "subscription_event_types"}},
       {{EntityKind::kSchema, {"namespace", "event_type"}}}},
      {EntityKind::kPlacement, "placement", "placement", "placements",
       {"namespace", "event_type", "zone"}, {"cluster", "topic"},
       {{{"namespace", "event_type"}, EntityKind::kEventType},
        {{"zone"}, EntityKind::kZone},
        {{"cluster"}, EntityKind::kCluster}},
       {}},
      {EntityKind::kSchema, "schema", "schema", "schemas", {"namespace", "event_type", "id"},
       {"status", "global_id", "version"},  // written by PgSchemaStore, not the generic code
       {{{"namespace", "event_type"}, EntityKind::kEventType}},
       {}},
      {EntityKind::kPrincipal, "principal", "principal", "principals", {"name"}, {}, {},
       {{EntityKind::kSubscription, {"owner"}}},
       {{EntityKind::kRoleBinding, {"principal"}}}},
      {EntityKind::kRoleBinding, "role_binding", "role binding", "role_bindings",
       {"principal", "role", "namespace"}, {},
       {{{"principal"}, EntityKind::kPrincipal},
        {{"namespace"}, EntityKind::kNamespace, /*optional=*/true}},
       {}},
      // The owner is not a reference (in development mode the caller "development" need not be
      // a principal), but a principal that owns subscriptions cannot be deleted.
      {EntityKind::kSubscription, "subscription", "subscription", "subscriptions", {"name"},
       {"zone", "owner"},
       {{{"zone"}, EntityKind::kZone}},
       {},
       {},
       {{"event_types", {"namespace", "name"}, "subscription_event_types",
         {"namespace", "event_type"}, EntityKind::kEventType}}},
  };
  return *specs;
}

const FieldDescriptor* Field(const Message& m, const std::string& name) {
  return m.GetDescriptor()->FindFieldByName(name);
}

}  // namespace

const KindSpec& Spec(EntityKind kind) { return Specs()[static_cast<int>(kind)]; }

const std::vector<EntityKind>& AllKinds() {
  static const std::vector<EntityKind> kinds = {EntityKind::kNamespace, EntityKind::kZone,
                                                EntityKind::kCluster,   EntityKind::kEventType,
                                                EntityKind::kPlacement, EntityKind::kSchema,
                                                EntityKind::kPrincipal, EntityKind::kRoleBinding,
                                                EntityKind::kSubscription};
  return kinds;
}

absl::StatusOr<EntityKind> KindFromName(absl::string_view name) {
  for (const KindSpec& spec : Specs()) {
    if (spec.name == name) return spec.kind;
  }
  return absl::InvalidArgumentError(absl::StrCat("unknown entity kind \"", name, "\""));
}

std::unique_ptr<Message> NewEntity(EntityKind kind) {
  switch (kind) {
    case EntityKind::kNamespace: return std::make_unique<v1::Namespace>();
    case EntityKind::kZone: return std::make_unique<v1::Zone>();
    case EntityKind::kCluster: return std::make_unique<v1::Cluster>();
    case EntityKind::kEventType: return std::make_unique<v1::EventType>();
    case EntityKind::kPlacement: return std::make_unique<v1::Placement>();
    case EntityKind::kSchema: return std::make_unique<v1::Schema>();
    case EntityKind::kPrincipal: return std::make_unique<v1::Principal>();
    case EntityKind::kRoleBinding: return std::make_unique<v1::RoleBinding>();
    case EntityKind::kSubscription: return std::make_unique<v1::Subscription>();
  }
  return nullptr;
}

std::string ColumnValue(const Message& entity, const std::string& field_name) {
  const FieldDescriptor* f = Field(entity, field_name);
  const auto* r = entity.GetReflection();
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: return r->GetString(entity, f);
    case FieldDescriptor::CPPTYPE_ENUM: return r->GetEnum(entity, f)->name();
    case FieldDescriptor::CPPTYPE_INT32: return absl::StrCat(r->GetInt32(entity, f));
    case FieldDescriptor::CPPTYPE_INT64: return absl::StrCat(r->GetInt64(entity, f));
    case FieldDescriptor::CPPTYPE_BOOL: return r->GetBool(entity, f) ? "true" : "false";
    default: return "";
  }
}

std::vector<std::string> KeyOf(EntityKind kind, const Message& entity) {
  std::vector<std::string> key;
  for (const std::string& column : Spec(kind).key_columns) key.push_back(ColumnValue(entity, column));
  return key;
}

std::string KeyText(const std::vector<std::string>& key) { return absl::StrJoin(key, "/"); }

std::string EntityPath(EntityKind kind, const std::vector<std::string>& key) {
  switch (kind) {
    case EntityKind::kPlacement:
      return absl::StrCat("event_type/", key[0], "/", key[1], "/placement/", key[2]);
    case EntityKind::kSchema:
      return absl::StrCat("event_type/", key[0], "/", key[1], "/schema/", key[2]);
    case EntityKind::kRoleBinding: {
      // key: principal, ROLE_OWNER, namespace ("" for a global role)
      std::string role = absl::AsciiStrToLower(absl::StripPrefix(key[1], "ROLE_"));
      return key[2].empty() ? absl::StrCat("principal/", key[0], "/role_binding/", role)
                            : absl::StrCat("principal/", key[0], "/role_binding/", role, "/", key[2]);
    }
    default:
      return absl::StrCat(Spec(kind).name, "/", KeyText(key));
  }
}

int64_t VersionOf(const Message& entity) {
  return entity.GetReflection()->GetInt64(entity, Field(entity, "version"));
}

void SetVersion(Message* entity, int64_t version) {
  entity->GetReflection()->SetInt64(entity, Field(*entity, "version"), version);
}

void SetTimes(Message* entity, bool created, int64_t unix_micros) {
  const auto stamp = google::protobuf::util::TimeUtil::MicrosecondsToTimestamp(unix_micros);
  const auto* r = entity->GetReflection();
  if (const FieldDescriptor* f = Field(*entity, "update_time")) {
    r->MutableMessage(entity, f)->CopyFrom(stamp);
  }
  if (created) {
    if (const FieldDescriptor* f = Field(*entity, "create_time")) {
      r->MutableMessage(entity, f)->CopyFrom(stamp);
    }
  }
}

std::string ToJson(const Message& entity) {
  std::string out;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(entity, &out, options);
  return out;
}

absl::Status FromJson(absl::string_view json, Message* entity) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;  // rows written by a newer replica during a rolling update
  auto status = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(json.data(), json.size()), entity, options);
  if (!status.ok()) return absl::InternalError(absl::StrCat("stored entity unreadable: ", status.ToString()));
  return absl::OkStatus();
}

void SetChangeEntity(EntityKind kind, const Message& entity, v1::Change* change) {
  const auto* oneof_field = change->GetDescriptor()->FindFieldByName(Spec(kind).name);
  change->GetReflection()->MutableMessage(change, oneof_field)->CopyFrom(entity);
}

absl::StatusOr<EntityKind> ChangeKind(const v1::Change& change) {
  switch (change.entity_case()) {
    case v1::Change::kNamespace: return EntityKind::kNamespace;
    case v1::Change::kZone: return EntityKind::kZone;
    case v1::Change::kCluster: return EntityKind::kCluster;
    case v1::Change::kEventType: return EntityKind::kEventType;
    case v1::Change::kPlacement: return EntityKind::kPlacement;
    case v1::Change::kSchema: return EntityKind::kSchema;
    case v1::Change::kPrincipal: return EntityKind::kPrincipal;
    case v1::Change::kRoleBinding: return EntityKind::kRoleBinding;
    case v1::Change::kSubscription: return EntityKind::kSubscription;
    default: return absl::InvalidArgumentError("change carries no entity");
  }
}

const Message& ChangeEntity(const v1::Change& change) {
  const auto* oneof = change.GetDescriptor()->FindOneofByName("entity");
  const auto* field = change.GetReflection()->GetOneofFieldDescriptor(change, oneof);
  return change.GetReflection()->GetMessage(change, field);
}

}  // namespace causeway::topology
