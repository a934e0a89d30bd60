#pragma once
// How roles read on the command line and in tables: lower case without the enum's prefix
// (`owner` for ROLE_OWNER), a binding as `owner of namespace mfp` or `admin` (global). Pure.
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "causeway/topology/v1/resources.pb.h"

namespace causeway::cli {

// ROLE_OWNER for "owner"; nullopt for anything else (upper case, the prefix, "unspecified").
std::optional<causeway::topology::v1::Role> ParseRole(absl::string_view text);

// "owner" for ROLE_OWNER.
std::string RoleName(causeway::topology::v1::Role role);

// "admin, owner, publisher, ...": every role, for help and messages.
std::string RoleNames();

// "owner of namespace mfp", "viewer" (global).
std::string RoleBindingText(const causeway::topology::v1::RoleBinding& binding);

}  // namespace causeway::cli
