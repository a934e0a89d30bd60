#pragma once
// Resolve load: simulated clients calling Resolve over a few connections, closed loop (as fast as
// the replica answers) or open loop at a fixed offered rate; the load engine, its latency
// definitions and its threads are common/unary_load.h's.
#include <memory>
#include <string>
#include <vector>

#include "causeway/topology/v1/topology.grpc.pb.h"
#include "grpcpp/channel.h"
#include "unary_load.h"

namespace causeway::bench {

struct ResolveLoadOptions {
  std::vector<std::shared_ptr<grpc::Channel>> connections;  // client i uses connection i % size
  std::vector<topology::v1::ResolveRequest> requests;       // cycled through
  UnaryLoadOptions load;
  std::string token;  // bearer token every call carries (empty: none)
};

using ResolveLoadResult = UnaryLoadResult;

ResolveLoadResult RunResolveLoad(const ResolveLoadOptions& options);

}  // namespace causeway::bench
