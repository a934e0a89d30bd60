#pragma once
// The first admin of a fresh installation: `causeway-topology bootstrap-admin NAME` makes the
// principal, gives it the admin role and a token, and prints the token once. Refused once any
// admin exists, so running it again (by mistake or by an attacker with database access to the
// binary but not to a token) never mints a second way in.
#include <string>

#include "absl/status/statusor.h"
#include "causeway/topology/v1/resources.pb.h"
#include "common/core/bearer_token.h"
#include "topology/topology_store.h"

namespace causeway::topology {

// Adds `token` (its hash) to a principal; FAILED_PRECONDITION once it holds 20.
absl::Status AddPrincipalToken(const IssuedToken& token, const std::string& description,
                               v1::Principal* principal);

// Makes `name` an admin holding `token`. FAILED_PRECONDITION naming the admins when one exists.
// A principal of that name that exists already (without the admin role) gets the token and the
// role. Recorded in the history with the actor "bootstrap-admin".
absl::Status BootstrapAdmin(TopologyStore* store, const std::string& name,
                            const IssuedToken& token);

}  // namespace causeway::topology
