#pragma once
// What a gRPC caller presented: the `authorization` metadata and, when the server serves mTLS, the
// names of the client certificate gRPC verified.
#include "common/auth/credentials.h"
#include "grpcpp/server_context.h"

namespace causeway::auth {

Credentials GrpcCredentials(const grpc::ServerContextBase& context);

}  // namespace causeway::auth
