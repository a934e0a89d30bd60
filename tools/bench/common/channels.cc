#include "channels.h"

#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "grpcpp/support/channel_arguments.h"

namespace causeway::bench {

std::vector<std::shared_ptr<grpc::Channel>> OpenConnections(const std::string& target, int count) {
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  channels.reserve(count);
  for (int i = 0; i < count; ++i) {
    grpc::ChannelArguments args;
    args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
    channels.push_back(
        grpc::CreateCustomChannel(target, grpc::InsecureChannelCredentials(), args));
  }
  return channels;
}

}  // namespace causeway::bench
