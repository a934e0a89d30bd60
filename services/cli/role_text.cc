#include "cli/role_text.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "cli/field_text.h"

namespace causeway::cli {
namespace {

namespace v1 = ::causeway::topology::v1;

// Every role but ROLE_UNSPECIFIED, in the enum's order.
std::vector<v1::Role> Roles() {
  std::vector<v1::Role> roles;
  const auto* type = v1::Role_descriptor();
  for (int i = 0; i < type->value_count(); ++i) {
    const auto role = static_cast<v1::Role>(type->value(i)->number());
    if (role != v1::ROLE_UNSPECIFIED) roles.push_back(role);
  }
  return roles;
}

}  // namespace

std::optional<v1::Role> ParseRole(absl::string_view text) {
  for (v1::Role role : Roles()) {
    if (RoleName(role) == text) return role;
  }
  return std::nullopt;
}

std::string RoleName(v1::Role role) {
  const auto* value = v1::Role_descriptor()->FindValueByNumber(role);
  if (value == nullptr) return absl::StrCat(static_cast<int>(role));
  return absl::AsciiStrToLower(EnumShortName(*value));
}

std::string RoleNames() {
  return absl::StrJoin(Roles(), ", ",
                       [](std::string* out, v1::Role role) { out->append(RoleName(role)); });
}

std::string RoleBindingText(const v1::RoleBinding& binding) {
  if (binding.namespace_().empty()) return RoleName(binding.role());
  return absl::StrCat(RoleName(binding.role()), " of namespace ", binding.namespace_());
}

}  // namespace causeway::cli
