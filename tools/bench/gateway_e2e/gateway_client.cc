#include "gateway_client.h"

#include "common/core/errors.h"
#include "common/core/grpc_status.h"

namespace causeway::bench {

namespace v1 = gateway::v1;

std::unique_ptr<grpc::ClientContext> GatewayContext(const std::string& token,
                                                    absl::Duration timeout) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  Authorize(*context, token);
  return context;
}

absl::StatusOr<v1::PublishResult> PublishWhenReady(const std::shared_ptr<grpc::Channel>& channel,
                                                   const std::string& token,
                                                   const v1::PublishRequest& request,
                                                   absl::Duration timeout) {
  auto stub = v1::Gateway::NewStub(channel);
  const absl::Time deadline = absl::Now() + timeout;
  grpc::Status last;
  while (absl::Now() < deadline) {
    v1::PublishResponse response;
    last = stub->Publish(GatewayContext(token, absl::Seconds(10)).get(), request, &response);
    if (last.ok()) return response.result();
    const bool catching_up = last.error_code() == grpc::StatusCode::UNAVAILABLE ||
                             last.error_code() == grpc::StatusCode::NOT_FOUND ||
                             last.error_code() == grpc::StatusCode::FAILED_PRECONDITION;
    if (!catching_up) break;
    absl::SleepFor(absl::Milliseconds(200));
  }
  return Annotate(FromGrpcStatus(last), "the first publish through the gateway");
}

}  // namespace causeway::bench
