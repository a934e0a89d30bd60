#pragma once
// How the benchmark reaches the server: client contexts that carry the admin's bearer token (every
// call to causeway-topology is authenticated; the benchmark creates namespaces, a zone and a
// cluster, which only an admin may), and waiting until the replica serves. Channels are
// common/channels.h's, the token's metadata common/authorization.h's.
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "authorization.h"
#include "channels.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace causeway::bench {

// A context with a deadline and `token` (the history names its principal as the changes' actor).
std::unique_ptr<grpc::ClientContext> BenchContext(const std::string& token,
                                                  absl::Duration timeout = absl::Seconds(30));

// Waits until the replica answers from a loaded view: Resolve of an unknown event type gets
// NOT_FOUND, not UNAVAILABLE (the view loads after migrations, as readiness does). A token the
// replica refuses (UNAUTHENTICATED, PERMISSION_DENIED) fails at once.
absl::Status WaitUntilServing(const std::shared_ptr<grpc::Channel>& channel,
                              const std::string& token, absl::Duration timeout);

}  // namespace causeway::bench
