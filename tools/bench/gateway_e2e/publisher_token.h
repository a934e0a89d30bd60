#pragma once
// The benchmark's publisher: a principal with the publisher role on the benchmark's namespace and
// a fresh bearer token, made through causeway-topology's API by an admin (CreatePrincipal,
// CreateRoleBinding, IssueToken), so that the gateway authenticates and authorizes the benchmark's
// publishes as it would a service's.
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/channel.h"

namespace causeway::bench {

// Creates principal `name` (kept when it exists: reruns against one topology), binds ROLE_PUBLISHER
// of `ns` to it (kept when bound) and answers a newly issued token. `admin_token` is an admin's.
absl::StatusOr<std::string> IssuePublisherToken(const std::shared_ptr<grpc::Channel>& topology,
                                                const std::string& admin_token,
                                                const std::string& name, const std::string& ns);

}  // namespace causeway::bench
