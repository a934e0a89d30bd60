#pragma once
// How the benchmark reaches the server: channels that each own a TCP connection, and client
// contexts that name the benchmark as the actor of its changes.
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace causeway::bench {

// `count` channels to `target`, each with its own TCP connection. gRPC shares one connection
// between channels with equal arguments unless told otherwise, which would put every simulated
// client on a single HTTP/2 connection.
std::vector<std::shared_ptr<grpc::Channel>> OpenConnections(const std::string& target, int count);

// A context with a deadline, attributed to actor "bench" in the topology's history.
std::unique_ptr<grpc::ClientContext> BenchContext(absl::Duration timeout = absl::Seconds(30));

// Waits until the replica answers from a loaded view: Resolve of an unknown event type gets
// NOT_FOUND, not UNAVAILABLE (the view loads after migrations, as readiness does).
absl::Status WaitUntilServing(const std::shared_ptr<grpc::Channel>& channel, absl::Duration timeout);

}  // namespace causeway::bench
