#include "relay/server/relay_service.h"

#include "absl/strings/str_cat.h"
#include "common/auth/grpc_credentials.h"
#include "common/core/grpc_status.h"
#include "relay/server/consume_stream.h"

namespace causeway::relay {

RelayService::RelayService(SubscriptionSupervisor* supervisor, StreamHub* hub,
                           auth::AuthMode auth)
    : supervisor_(supervisor), hub_(hub), auth_(auth) {}

grpc::Status RelayService::Authenticate(const grpc::ServerContextBase& ctx,
                                        Caller* caller) const {
  auto view = supervisor_->view();
  if (!view) return {grpc::StatusCode::UNAVAILABLE, "no topology view yet: try again"};
  // Built per call: status calls and stream opens are rare next to the events.
  caller->directory = std::make_unique<auth::PrincipalDirectory>(view->AllPrincipals(),
                                                                  view->AllRoleBindings());
  auto identity = caller->directory->Authenticate(auth::GrpcCredentials(ctx));
  if (!identity.ok()) return ToGrpcStatus(identity.status());
  caller->principal = identity->principal;
  return grpc::Status::OK;
}

grpc::Status RelayService::Authorize(const grpc::ServerContextBase& ctx,
                                     const std::vector<std::string>& namespaces) const {
  if (auth_ == auth::AuthMode::kDevelopment) return grpc::Status::OK;
  Caller caller;
  if (grpc::Status s = Authenticate(ctx, &caller); !s.ok()) return s;
  const auth::PrincipalDirectory& directory = *caller.directory;
  const std::string& who = caller.principal;
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

grpc::Status RelayService::AdmitConsumer(const grpc::ServerContextBase& ctx,
                                         const relay::v1::ConsumeInit& init) const {
  const std::string& name = init.subscription();
  std::optional<topology::v1::Subscription> sub = supervisor_->FindSubscription(name);
  if (auth_ != auth::AuthMode::kDevelopment) {
    Caller caller;
    if (grpc::Status s = Authenticate(ctx, &caller); !s.ok()) return s;
    const auth::PrincipalDirectory& directory = *caller.directory;
    const std::string& who = caller.principal;
    if (sub && !directory.Allows(who, auth::Need::Admin())) {
      for (const auto& et : sub->event_types()) {
        if (!directory.Allows(who, auth::Need::Consumer(et.namespace_()))) {
          return {grpc::StatusCode::PERMISSION_DENIED,
                  absl::StrCat("principal \"", who, "\" needs role consumer of namespace \"",
                               et.namespace_(), "\" (every event type's namespace of subscription \"",
                               name, "\") or admin")};
        }
      }
    }
  }
  if (!sub) {
    return {grpc::StatusCode::NOT_FOUND,
            absl::StrCat("init.subscription: no subscription \"", name, "\"")};
  }
  if (sub->mode() != topology::v1::SUBSCRIPTION_MODE_PULL) {
    return {grpc::StatusCode::FAILED_PRECONDITION,
            absl::StrCat("init.subscription: \"", name,
                         "\" is a PUSH subscription (its events are POSTed to its endpoint)")};
  }
  if (sub->state() == topology::v1::SUBSCRIPTION_STATE_SUSPENDED) {
    return {grpc::StatusCode::FAILED_PRECONDITION,
            absl::StrCat("init.subscription: \"", name, "\" is suspended",
                         sub->state_reason().empty() ? "" : ": ", sub->state_reason())};
  }
  // Events are decoded once, in the subscription's content, whichever stream they go to.
  const auto content = [](topology::v1::SubscriptionContent c) {
    return c == topology::v1::SUBSCRIPTION_CONTENT_AVRO ? topology::v1::SUBSCRIPTION_CONTENT_AVRO
                                                        : topology::v1::SUBSCRIPTION_CONTENT_JSON;
  };
  if (init.content() != topology::v1::SUBSCRIPTION_CONTENT_UNSPECIFIED &&
      content(init.content()) != content(sub->content())) {
    return {grpc::StatusCode::FAILED_PRECONDITION,
            absl::StrCat("init.content: subscription "", name, "" delivers ",
                         topology::v1::SubscriptionContent_Name(content(sub->content())),
                         " (leave init.content unset, or update the subscription's content)")};
  }
  return grpc::Status::OK;
}

grpc::ServerBidiReactor<relay::v1::ConsumeRequest, relay::v1::ConsumeResponse>*
RelayService::Consume(grpc::CallbackServerContext* ctx) {
  return ConsumeStream::Start(hub_, [this, ctx](const relay::v1::ConsumeInit& init) {
    return AdmitConsumer(*ctx, init);
  });
}

}  // namespace causeway::relay
