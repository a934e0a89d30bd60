#pragma once
// How the benchmark talks to causeway-gateway: contexts that carry the publisher's bearer token, and
// the first publish, repeated until the gateway routes the event type (it learns the topology by
// Watch, a moment after the CLI created it).
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "authorization.h"
#include "causeway/gateway/v1/gateway.grpc.pb.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace causeway::bench {

// A context with a deadline and the token.
std::unique_ptr<grpc::ClientContext> GatewayContext(const std::string& token,
                                                    absl::Duration timeout = absl::Seconds(30));

// Publishes `request` (unary) until the gateway acknowledges it or `timeout` passes. Only the
// answers of a gateway still catching up (UNAVAILABLE, NOT_FOUND, FAILED_PRECONDITION) are retried;
// the same event id each time, so the event is written once.
absl::StatusOr<gateway::v1::PublishResult> PublishWhenReady(
    const std::shared_ptr<grpc::Channel>& channel, const std::string& token,
    const gateway::v1::PublishRequest& request, absl::Duration timeout);

}  // namespace causeway::bench
