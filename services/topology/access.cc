#include "topology/access.h"

#include "common/auth/grpc_credentials.h"

namespace causeway::topology {

std::shared_ptr<const auth::PrincipalDirectory> Access::Directory() const {
  std::shared_ptr<const TopologyView> view = hub_->view();
  if (!view) return nullptr;
  std::lock_guard lock(mu_);
  if (view != built_for_) {
    directory_ = std::make_shared<const auth::PrincipalDirectory>(view->AllPrincipals(),
                                                                  view->AllRoleBindings());
    built_for_ = std::move(view);
  }
  return directory_;
}

absl::StatusOr<Caller> Access::Authenticate(const auth::Credentials& credentials) const {
  auto directory = Directory();
  if (!directory) {
    return absl::UnavailableError("topology not loaded yet (PostgreSQL unavailable); retry");
  }
  auto identity = directory->Authenticate(credentials);
  if (mode_ == AuthMode::kDevelopment) {
    if (!identity.ok()) identity = auth::Identity{"development", auth::AuthMethod::kDevelopment};
    return Caller{*identity, std::move(directory), /*development=*/true};
  }
  if (!identity.ok()) return identity.status();
  return Caller{*identity, std::move(directory), /*development=*/false};
}

absl::StatusOr<Caller> Access::Authenticate(const grpc::ServerContextBase& context) const {
  return Authenticate(auth::GrpcCredentials(context));
}

absl::StatusOr<Caller> Access::Check(const grpc::ServerContextBase& context,
                                     const Need& need) const {
  auto caller = Authenticate(context);
  if (!caller.ok()) return caller.status();
  if (absl::Status s = caller->Check(need); !s.ok()) return s;
  return caller;
}

void ClearCredentials(v1::Change* change) {
  if (change->entity_case() != v1::Change::kPrincipal) return;
  change->mutable_principal()->clear_tokens();
  change->mutable_principal()->clear_certificate_names();
}

}  // namespace causeway::topology
