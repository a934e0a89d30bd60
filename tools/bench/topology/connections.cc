#include "connections.h"

#include "absl/strings/str_cat.h"
#include "causeway/topology/v1/topology.grpc.pb.h"
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

std::unique_ptr<grpc::ClientContext> BenchContext(absl::Duration timeout) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  ctx->AddMetadata("x-causeway-actor", "bench");
  return ctx;
}

absl::Status WaitUntilServing(const std::shared_ptr<grpc::Channel>& channel, absl::Duration timeout) {
  auto stub = topology::v1::Topology::NewStub(channel);
  const absl::Time deadline = absl::Now() + timeout;
  grpc::Status last;
  while (absl::Now() < deadline) {
    topology::v1::ResolveRequest req;
    req.set_namespace_("bench-probe");
    req.set_event_type("Probe");
    topology::v1::ResolveResponse resp;
    last = stub->Resolve(BenchContext(absl::Seconds(2)).get(), req, &resp);
    if (last.error_code() == grpc::StatusCode::NOT_FOUND) return absl::OkStatus();
    absl::SleepFor(absl::Milliseconds(200));
  }
  return absl::DeadlineExceededError(
      absl::StrCat("server not serving after ", absl::FormatDuration(timeout),
                   "; last Resolve: ", last.error_code(), " ", last.error_message()));
}

}  // namespace causeway::bench
