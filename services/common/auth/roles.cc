#include "common/auth/roles.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/core/errors.h"

namespace causeway::auth {
namespace {

constexpr v1::Role kRoles[] = {v1::ROLE_ADMIN,  v1::ROLE_OWNER,   v1::ROLE_PUBLISHER,
                               v1::ROLE_CONSUMER, v1::ROLE_VIEWER, v1::ROLE_GATEWAY,
                               v1::ROLE_RELAY,  v1::ROLE_ARCHIVER};

bool GlobalOnly(v1::Role role) {
  return role == v1::ROLE_ADMIN || role == v1::ROLE_GATEWAY || role == v1::ROLE_RELAY ||
         role == v1::ROLE_ARCHIVER;
}

bool NamespaceOnly(v1::Role role) {
  return role == v1::ROLE_OWNER || role == v1::ROLE_PUBLISHER || role == v1::ROLE_CONSUMER;
}

std::string RoleList() {
  std::vector<std::string> names;
  for (v1::Role r : kRoles) names.push_back(RoleName(r));
  return absl::StrJoin(names, ", ");
}

}  // namespace

std::string RoleName(v1::Role role) {
  return absl::AsciiStrToLower(absl::StripPrefix(v1::Role_Name(role), "ROLE_"));
}

absl::StatusOr<v1::Role> ParseRole(absl::string_view name) {
  std::string upper = absl::AsciiStrToUpper(name);
  if (!absl::StartsWith(upper, "ROLE_")) upper = absl::StrCat("ROLE_", upper);
  v1::Role role;
  if (v1::Role_Parse(upper, &role) && role != v1::ROLE_UNSPECIFIED) return role;
  return InvalidField("role", absl::StrCat("expected one of ", RoleList(), ", got \"", name, "\""));
}

absl::Status ValidateRoleBinding(absl::string_view prefix, const v1::RoleBinding& binding) {
  const v1::Role role = binding.role();
  if (role == v1::ROLE_UNSPECIFIED || !v1::Role_IsValid(role)) {
    return InvalidField(absl::StrCat(prefix, "role"), absl::StrCat("expected one of ", RoleList()));
  }
  if (GlobalOnly(role) && !binding.namespace_().empty()) {
    return InvalidField(absl::StrCat(prefix, "namespace"),
                        absl::StrCat("role ", RoleName(role), " is global: leave it empty"));
  }
  if (NamespaceOnly(role) && binding.namespace_().empty()) {
    return InvalidField(absl::StrCat(prefix, "namespace"),
                        absl::StrCat("role ", RoleName(role), " applies to a namespace: name one"));
  }
  return absl::OkStatus();
}

std::string Describe(const Need& need) {
  std::vector<std::string> parts;
  for (v1::Role role : need.roles) {
    if (GlobalOnly(role)) {
      parts.push_back(RoleName(role));
    } else if (need.ns.empty()) {
      parts.push_back(absl::StrCat(RoleName(role), " (global)"));
    } else {
      parts.push_back(absl::StrCat(RoleName(role), " of namespace \"", need.ns, "\""));
    }
  }
  if (parts.size() <= 1) return absl::StrJoin(parts, "");
  std::string last = parts.back();
  parts.pop_back();
  return absl::StrCat(absl::StrJoin(parts, ", "), " or ", last);
}

bool Grants(const v1::RoleBinding& binding, v1::Role role, absl::string_view ns) {
  if (binding.role() == v1::ROLE_ADMIN) return true;
  if (binding.role() == role) return binding.namespace_().empty() || binding.namespace_() == ns;
  // owner, publisher and consumer of a namespace read it.
  return role == v1::ROLE_VIEWER && !ns.empty() && binding.namespace_() == ns &&
         NamespaceOnly(binding.role());
}

bool SeesCredentials(const std::vector<const v1::RoleBinding*>& bindings) {
  for (const v1::RoleBinding* b : bindings) {
    if (b->role() == v1::ROLE_ADMIN || b->role() == v1::ROLE_GATEWAY ||
        b->role() == v1::ROLE_RELAY || b->role() == v1::ROLE_ARCHIVER) {
      return true;
    }
  }
  return false;
}

}  // namespace causeway::auth
