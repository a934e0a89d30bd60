#pragma once
// Channels that each own a TCP connection. gRPC shares one connection between channels with equal
// arguments unless told otherwise, which would put every simulated client on a single HTTP/2
// connection.
#include <memory>
#include <string>
#include <vector>

#include "grpcpp/channel.h"

namespace causeway::bench {

std::vector<std::shared_ptr<grpc::Channel>> OpenConnections(const std::string& target, int count);

}  // namespace causeway::bench
