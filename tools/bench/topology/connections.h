#pragma once
// How the benchmark reaches the server: client contexts that name the benchmark as the actor of its
// changes, and waiting until the replica serves. Channels are common/channels.h's.
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "channels.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"

namespace causeway::bench {

// A context with a deadline, attributed to actor "bench" in the topology's history.
std::unique_ptr<grpc::ClientContext> BenchContext(absl::Duration timeout = absl::Seconds(30));

// Waits until the replica answers from a loaded view: Resolve of an unknown event type gets
// NOT_FOUND, not UNAVAILABLE (the view loads after migrations, as readiness does).
absl::Status WaitUntilServing(const std::shared_ptr<grpc::Channel>& channel, absl::Duration timeout);

}  // namespace causeway::bench
