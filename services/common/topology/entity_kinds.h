#pragma once
// The entity kinds of the topology and what is generic about them: their table, key columns,
// references and dependents, and their protobuf message. One table of facts drives the generic
// store code, so adding a kind is adding a row, not another copy of CRUD.
#include "absl/strings/string_view.h"
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "causeway/topology/v1/resources.pb.h"
#include "causeway/topology/v1/topology.pb.h"
#include "google/protobuf/message.h"

namespace causeway::topology {

namespace v1 = ::causeway::topology::v1;

enum class EntityKind {
  kNamespace,
  kZone,
  kCluster,
  kEventType,
  kPlacement,
  kSchema,
  kPrincipal,
  kRoleBinding,
  kSubscription
};

// A column the store keeps beside the JSON body, read from the message field of the same name.
struct Reference {
  std::vector<std::string> columns;  // in this entity
  EntityKind target;                 // whose key they form
  // When every column is empty the reference names nothing and is not checked (a role binding's
  // namespace is empty for a global role).
  bool optional = false;
};

struct Dependent {
  EntityKind kind;                   // the kind that refers to us
  std::vector<std::string> columns;  // its columns that hold our key
  // When it refers to us through an ElementReference: that reference's table (whose columns are
  // `columns` and the dependent's key columns). Empty: `columns` are in the dependent's own table.
  std::string via_table = "";
};

// A repeated message field whose elements each name an entity (a subscription's event types),
// kept as rows (owner key, element columns) of a table of its own so that the target cannot be
// deleted while named. The generic store writes those rows with the entity.
struct ElementReference {
  std::string field;                    // the repeated field: "event_types"
  std::vector<std::string> subfields;   // each element's fields forming the target key
  std::string table;                    // "subscription_event_types"
  std::vector<std::string> columns;     // the table's columns for them (after the owner's key)
  EntityKind target;
};

struct KindSpec {
  EntityKind kind;
  std::string name;                      // "event_type": used in messages, history and SQL names
  std::string label;                     // "event type": used in error messages
  std::string table;
  std::vector<std::string> key_columns;  // also the message's field names
  std::vector<std::string> extra_columns;  // stored for queries (message fields of that name)
  std::vector<Reference> references;
  std::vector<Dependent> dependents;
  // Kinds owned by this one: deleted with it, each deletion recorded in the history.
  std::vector<Dependent> owned = {};
  std::vector<ElementReference> element_references = {};
};

const KindSpec& Spec(EntityKind kind);
const std::vector<EntityKind>& AllKinds();
absl::StatusOr<EntityKind> KindFromName(absl::string_view name);

// A fresh message of the kind's type.
std::unique_ptr<google::protobuf::Message> NewEntity(EntityKind kind);

// The key values of an entity, in key_columns order, read from the message.
std::vector<std::string> KeyOf(EntityKind kind, const google::protobuf::Message& entity);
// The value of a stored column read from the message (enums by name, integers in decimal).
std::string ColumnValue(const google::protobuf::Message& entity, const std::string& field);
// "mfp/FoodEntryCreated" for error messages.
std::string KeyText(const std::vector<std::string>& key);

// The history path of an entity: `namespace/mfp`, `event_type/mfp/X`,
// `event_type/mfp/X/placement/<zone>`, `event_type/mfp/X/schema/<id>`, `principal/alice`,
// `principal/alice/role_binding/owner/mfp`; ListHistory filters by prefix.
std::string EntityPath(EntityKind kind, const std::vector<std::string>& key);

// Version and timestamps are common to every entity message (fields `version`, `create_time`,
// `update_time`); these set them through reflection.
int64_t VersionOf(const google::protobuf::Message& entity);
void SetVersion(google::protobuf::Message* entity, int64_t version);
void SetTimes(google::protobuf::Message* entity, bool created, int64_t unix_micros);

// Protobuf JSON for the `body` columns (original field names, enums by name).
std::string ToJson(const google::protobuf::Message& entity);
absl::Status FromJson(absl::string_view json, google::protobuf::Message* entity);

// Puts an entity into the matching `oneof entity` field of a Change.
void SetChangeEntity(EntityKind kind, const google::protobuf::Message& entity, v1::Change* change);
// Which kind a change carries, and that entity.
absl::StatusOr<EntityKind> ChangeKind(const v1::Change& change);
const google::protobuf::Message& ChangeEntity(const v1::Change& change);

}  // namespace causeway::topology
