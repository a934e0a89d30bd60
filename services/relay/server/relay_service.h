#pragma once
// The Relay gRPC service (proto/causeway/relay/v1/relay.proto): GetSubscriptionStatus. Callers
// are authenticated with the principal directory of the topology view the relay follows (the
// same tokens and certificate names the gateway accepts), so a binding added or revoked applies
// with the next call after the change arrives.
//
// Threads: gRPC's; the service only reads the supervisor.
#include "causeway/relay/v1/relay.grpc.pb.h"
#include "common/auth/principal_directory.h"
#include "relay/server/subscription_supervisor.h"

namespace causeway::relay {

class RelayService final : public relay::v1::Relay::Service {
 public:
  RelayService(SubscriptionSupervisor* supervisor, auth::AuthMode auth);

  grpc::Status GetSubscriptionStatus(grpc::ServerContext* ctx,
                                     const relay::v1::GetSubscriptionStatusRequest* req,
                                     relay::v1::SubscriptionStatus* resp) override;

 private:
  // OK when the caller may see subscription `name` (reading event types of `namespaces`):
  // viewer (or consumer, owner, publisher) of one of them, relay, or admin.
  grpc::Status Authorize(const grpc::ServerContext& ctx,
                         const std::vector<std::string>& namespaces) const;

  SubscriptionSupervisor* const supervisor_;
  const auth::AuthMode auth_;
};

}  // namespace causeway::relay
