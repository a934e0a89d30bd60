#include "cli/change_text.h"

#include "absl/strings/str_cat.h"
#include "cli/field_text.h"
#include "cli/reflection.h"
#include "cli/role_text.h"

namespace causeway::cli {
namespace {

namespace v1 = ::causeway::topology::v1;

const v1::Change& AsChange(const google::protobuf::Message& item) {
  return static_cast<const v1::Change&>(item);
}

// The entity the change carries, whichever kind it is.
const google::protobuf::Message* ChangeEntity(const v1::Change& change) {
  const auto* oneof = v1::Change::descriptor()->FindOneofByName("entity");
  const auto* field = change.GetReflection()->GetOneofFieldDescriptor(change, oneof);
  return field == nullptr ? nullptr : &change.GetReflection()->GetMessage(change, field);
}

}  // namespace

std::string ChangeEntityPath(const v1::Change& change) {
  switch (change.entity_case()) {
    case v1::Change::kNamespace:
      return absl::StrCat("namespace/", change.namespace_().name());
    case v1::Change::kZone:
      return absl::StrCat("zone/", change.zone().name());
    case v1::Change::kCluster:
      return absl::StrCat("cluster/", change.cluster().name());
    case v1::Change::kEventType:
      return absl::StrCat("event_type/", change.event_type().namespace_(), "/",
                          change.event_type().name());
    case v1::Change::kPlacement:
      return absl::StrCat("event_type/", change.placement().namespace_(), "/",
                          change.placement().event_type(), "/placement/", change.placement().zone());
    case v1::Change::kSchema:
      return absl::StrCat("event_type/", change.schema().namespace_(), "/",
                          change.schema().event_type(), "/schema/", change.schema().id());
    case v1::Change::kPrincipal:
      return absl::StrCat("principal/", change.principal().name());
    case v1::Change::kRoleBinding: {
      // As the server files it: principal/<p>/role_binding/<role>[/<namespace>].
      const v1::RoleBinding& binding = change.role_binding();
      std::string path =
          absl::StrCat("principal/", binding.principal(), "/role_binding/", RoleName(binding.role()));
      if (!binding.namespace_().empty()) absl::StrAppend(&path, "/", binding.namespace_());
      return path;
    }
    case v1::Change::kSubscription:
      return absl::StrCat("subscription/", change.subscription().name());
    case v1::Change::ENTITY_NOT_SET:
      break;
  }
  return "";
}

std::vector<Column> ChangeColumns() {
  return {
      FieldColumn("revision"),
      FieldColumn("time"),
      FieldColumn("actor"),
      FieldColumn("op"),
      Column{"ENTITY", [](const auto& item) { return ChangeEntityPath(AsChange(item)); }},
      Column{"VERSION",
             [](const auto& item) {
               const auto* entity = ChangeEntity(AsChange(item));
               return entity == nullptr
                          ? std::string()
                          : FieldText(*entity, FieldNamed(*entity->GetDescriptor(), "version"));
             }},
  };
}

}  // namespace causeway::cli
