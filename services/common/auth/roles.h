#pragma once
// The roles of Causeway and what satisfies what. The rules (README's role table):
//   - admin (global) holds every role in every scope;
//   - owner, publisher and consumer of a namespace imply viewer of that namespace;
//   - a global viewer is a viewer of every namespace;
//   - admin, gateway, relay and archiver are global only; owner, publisher and consumer need a
//     namespace; viewer is either.
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "causeway/topology/v1/resources.pb.h"

namespace causeway::auth {

namespace v1 = ::causeway::topology::v1;

// "owner" for ROLE_OWNER.
std::string RoleName(v1::Role role);
// ROLE_OWNER for "owner" (case-insensitive, "ROLE_OWNER" too); INVALID_ARGUMENT listing the roles.
absl::StatusOr<v1::Role> ParseRole(absl::string_view name);

// INVALID_ARGUMENT with the field path when the binding's role and scope do not fit together
// (`role_binding.namespace: role admin is global: leave it empty`).
absl::Status ValidateRoleBinding(absl::string_view prefix, const v1::RoleBinding& binding);

// What an action needs: any one of `roles`, in `ns` ("" = globally).
struct Need {
  std::vector<v1::Role> roles;
  std::string ns;

  static Need Admin() { return {{v1::ROLE_ADMIN}, ""}; }
  // Viewer of `ns`, or the global viewer when `ns` is empty.
  static Need Viewer(std::string ns = "") { return {{v1::ROLE_VIEWER}, std::move(ns)}; }
  static Need Owner(std::string ns) { return {{v1::ROLE_OWNER}, std::move(ns)}; }
  static Need Publisher(std::string ns) { return {{v1::ROLE_PUBLISHER}, std::move(ns)}; }
  static Need Consumer(std::string ns) { return {{v1::ROLE_CONSUMER}, std::move(ns)}; }
  // Following the topology: the global viewer or a service.
  static Need Follower() {
    return {{v1::ROLE_VIEWER, v1::ROLE_GATEWAY, v1::ROLE_RELAY, v1::ROLE_ARCHIVER}, ""};
  }
  // Reading an event type's placement: viewer of its namespace or a service.
  static Need Resolver(std::string ns) {
    return {{v1::ROLE_VIEWER, v1::ROLE_GATEWAY, v1::ROLE_RELAY, v1::ROLE_ARCHIVER}, std::move(ns)};
  }
};

// "owner of namespace \"mfp\"", "viewer (global), gateway, relay or archiver".
std::string Describe(const Need& need);

// Whether one binding grants `role` in `ns`.
bool Grants(const v1::RoleBinding& binding, v1::Role role, absl::string_view ns);

// Whether a principal whose bindings these are may see principals' credentials (token hashes,
// certificate names): admin, gateway, relay and archiver.
bool SeesCredentials(const std::vector<const v1::RoleBinding*>& bindings);

}  // namespace causeway::auth
