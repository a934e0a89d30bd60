#pragma once
// Access: who is calling causeway-topology and whether their role bindings allow what they ask.
// Decided from this replica's in-memory view (principals and role bindings are entities like any
// other), so no call costs a database round trip and a revoked token or binding stops working as
// soon as the replica's view has the change.
//
// Threads: any; the directory for the current view is built once per view and shared.
#include <memory>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "common/auth/credentials.h"
#include "common/auth/principal_directory.h"
#include "grpcpp/server_context.h"
#include "topology/topology_store.h"
#include "topology/watch_hub.h"

namespace causeway::topology {

using auth::Need;

using auth::AuthMode;

// An authenticated caller, with the directory it was checked against.
struct Caller {
  auth::Identity identity;
  std::shared_ptr<const auth::PrincipalDirectory> directory;
  bool development = false;

  const std::string& principal() const { return identity.principal; }
  Actor actor() const { return Actor{identity.principal}; }
  bool Allows(const Need& need) const {
    return development || directory->Allows(identity.principal, need);
  }
  absl::Status Check(const Need& need) const {
    return development ? absl::OkStatus() : directory->Check(identity.principal, need);
  }
  // Admins, gateways, relays and archivers see principals' token hashes and certificate names.
  bool SeesCredentials() const {
    return development || auth::SeesCredentials(directory->BindingsOf(identity.principal));
  }
};

class Access {
 public:
  Access(WatchHub* hub, AuthMode mode) : hub_(hub), mode_(mode) {}

  // UNAUTHENTICATED without valid credentials; UNAVAILABLE before the view is loaded.
  absl::StatusOr<Caller> Authenticate(const auth::Credentials& credentials) const;
  absl::StatusOr<Caller> Authenticate(const grpc::ServerContextBase& context) const;
  // Authenticate, then PERMISSION_DENIED unless the caller's roles satisfy `need`.
  absl::StatusOr<Caller> Check(const grpc::ServerContextBase& context, const Need& need) const;

  AuthMode mode() const { return mode_; }

 private:
  std::shared_ptr<const auth::PrincipalDirectory> Directory() const;

  WatchHub* const hub_;
  const AuthMode mode_;
  mutable std::mutex mu_;
  mutable std::shared_ptr<const TopologyView> built_for_;  // guarded by mu_
  mutable std::shared_ptr<const auth::PrincipalDirectory> directory_;  // guarded by mu_
};

// Clears a principal's token hashes and certificate names in a change (for callers that may not
// see them); other entities are left alone.
void ClearCredentials(v1::Change* change);

}  // namespace causeway::topology
