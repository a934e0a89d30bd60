#pragma once
// The credential a benchmark's calls carry: a principal's bearer token as `authorization: Bearer`
// metadata, to causeway-topology (an admin's, from bootstrap-admin) and to causeway-gateway (a
// publisher's). Per call rather than as gRPC call credentials, which refuse the plaintext channels
// of local runs.
#include <string>

#include "grpcpp/client_context.h"

namespace causeway::bench {

// Adds the token to `context`; an empty token adds nothing (a server run with --auth=development).
void Authorize(grpc::ClientContext& context, const std::string& token);

}  // namespace causeway::bench
