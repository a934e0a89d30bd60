#include "relay/server/relay_service.h"

#include "absl/strings/str_cat.h"
#include "common/auth/grpc_credentials.h"
#include "common/core/grpc_status.h"

namespace causeway::relay {

RelayService::RelayService(SubscriptionSupervisor* supervisor, auth::AuthMode auth)
    : supervisor_(supervisor), auth_(auth) {}

grpc::Status RelayService::Authorize(const grpc::ServerContext& ctx,
                                     const std::vector<std::string>& namespaces) const {
  if (auth_ == auth::AuthMode::kDevelopment) return grpc::Status::OK;
  auto view = supervisor_->view();
  if (!view) return {grpc::StatusCode::UNAVAILABLE, "no topology view yet: try again"};
  // Built per call: GetSubscriptionStatus is an operator's call, not a hot path.
  const auth::PrincipalDirectory directory(view->AllPrincipals(), view->AllRoleBindings());
  auto identity = directory.Authenticate(auth::GrpcCredentials(ctx));
  if (!identity.ok()) return ToGrpcStatus(identity.status());
  const std::string& who = identity->principal;
  if (directory.Allows(who, auth::Need{{topology::v1::ROLE_RELAY}, ""})) return grpc::Status::OK;
  for (const std::string& ns : namespaces) {
    if (directory.Allows(who, auth::Need::Viewer(ns))) return grpc::Status::OK;
  }
  return {grpc::StatusCode::PERMISSION_DENIED,
          absl::StrCat("principal \"", who,
                       "\" needs role consumer or viewer of the subscription's namespaces, relay "
                       "or admin")};
}

grpc::Status RelayService::GetSubscriptionStatus(grpc::ServerContext* ctx,
                                                 const relay::v1::GetSubscriptionStatusRequest* req,
                                                 relay::v1::SubscriptionStatus* resp) {
  if (req->name().empty()) {
    return {grpc::StatusCode::INVALID_ARGUMENT, "name: required"};
  }
  const auto served = supervisor_->Served();
  auto it = served.find(req->name());
  // Authorization before NOT_FOUND would be ideal, but an unknown subscription has no
  // namespaces to check; callers without any credentials still get UNAUTHENTICATED first.
  if (it == served.end()) {
    if (grpc::Status s = Authorize(*ctx, {}); !s.ok() && s.error_code() != grpc::StatusCode::PERMISSION_DENIED) {
      return s;
    }
    return {grpc::StatusCode::NOT_FOUND,
            absl::StrCat("subscription \"", req->name(), "\" is not served by this relay")};
  }
  if (grpc::Status s = Authorize(*ctx, it->second); !s.ok()) return s;
  auto status = supervisor_->Status(req->name());
  if (!status) {
    return {grpc::StatusCode::NOT_FOUND,
            absl::StrCat("subscription \"", req->name(), "\" is not served by this relay")};
  }
  *resp = *std::move(status);
  return grpc::Status::OK;
}

}  // namespace causeway::relay
