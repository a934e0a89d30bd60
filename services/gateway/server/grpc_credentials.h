#pragma once
// What a gRPC caller presented: the `authorization` metadata and, when the gateway serves mTLS,
// the names of the client certificate gRPC verified.
#include "gateway/server/producer_auth.h"
#include "grpcpp/server_context.h"

namespace causeway::gateway {

Credentials GrpcCredentials(const grpc::ServerContextBase& context);

}  // namespace causeway::gateway
