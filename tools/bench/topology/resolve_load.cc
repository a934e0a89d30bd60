#include "resolve_load.h"

#include "authorization.h"

namespace causeway::bench {

namespace v1 = topology::v1;

ResolveLoadResult RunResolveLoad(const ResolveLoadOptions& options) {
  std::vector<std::unique_ptr<v1::Topology::Stub>> stubs;
  for (const auto& channel : options.connections) stubs.push_back(v1::Topology::NewStub(channel));
  return RunUnaryLoad<v1::ResolveResponse>(
      options.load, [&](int client, uint64_t sequence, grpc::ClientContext* context,
                        grpc::CompletionQueue* queue) {
        // Clients start at different event types (client * 7) so that they do not move in step.
        const auto& request =
            options.requests[(client * 7 + sequence) % options.requests.size()];
        Authorize(*context, options.token);
        return stubs[client % stubs.size()]->PrepareAsyncResolve(context, request, queue);
      });
}

}  // namespace causeway::bench
