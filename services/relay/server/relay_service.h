#pragma once
// The Relay gRPC service (proto/causeway/relay/v1/relay.proto): GetSubscriptionStatus and
// Consume (callback API: each stream is a ConsumeStream reactor, no thread held per stream;
// streams are bounded by the StreamHub's --max-streams). Callers
// are authenticated with the principal directory of the topology view the relay follows (the
// same tokens and certificate names the gateway accepts), so a binding added or revoked applies
// with the next call after the change arrives.
//
// Threads: gRPC's; the service only reads the supervisor and opens streams in the hub.
#include <memory>
#include <string>

#include "causeway/relay/v1/relay.grpc.pb.h"
#include "common/auth/principal_directory.h"
#include "relay/server/stream_hub.h"
#include "relay/server/subscription_supervisor.h"

namespace causeway::relay {

class RelayService final
    : public relay::v1::Relay::WithCallbackMethod_Consume<relay::v1::Relay::Service> {
 public:
  RelayService(SubscriptionSupervisor* supervisor, StreamHub* hub, auth::AuthMode auth);

  grpc::Status GetSubscriptionStatus(grpc::ServerContext* ctx,
                                     const relay::v1::GetSubscriptionStatusRequest* req,
                                     relay::v1::SubscriptionStatus* resp) override;

  grpc::ServerBidiReactor<relay::v1::ConsumeRequest, relay::v1::ConsumeResponse>* Consume(
      grpc::CallbackServerContext* ctx) override;

 private:
  struct Caller {
    std::unique_ptr<auth::PrincipalDirectory> directory;  // of the current view
    std::string principal;
  };
  // UNAVAILABLE before the first view, UNAUTHENTICATED without valid credentials.
  grpc::Status Authenticate(const grpc::ServerContextBase& ctx, Caller* caller) const;
  // OK when the caller may see subscription `name` (reading event types of `namespaces`):
  // viewer (or consumer, owner, publisher) of one of them, relay, or admin.
  grpc::Status Authorize(const grpc::ServerContextBase& ctx,
                         const std::vector<std::string>& namespaces) const;

  // OK when the caller may consume `init.subscription`: it exists here, is PULL and not
  // suspended, the caller is consumer of every one of its event types' namespaces or admin, and
  // `init.content` is unset or the subscription's content.
  grpc::Status AdmitConsumer(const grpc::ServerContextBase& ctx,
                             const relay::v1::ConsumeInit& init) const;

  SubscriptionSupervisor* const supervisor_;
  StreamHub* const hub_;
  const auth::AuthMode auth_;
};

}  // namespace causeway::relay
