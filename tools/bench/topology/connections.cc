#include "connections.h"

#include "absl/strings/str_cat.h"
#include "causeway/topology/v1/topology.grpc.pb.h"

namespace causeway::bench {

std::unique_ptr<grpc::ClientContext> BenchContext(const std::string& token,
                                                  absl::Duration timeout) {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  Authorize(*ctx, token);
  return ctx;
}

absl::Status WaitUntilServing(const std::shared_ptr<grpc::Channel>& channel,
                              const std::string& token, absl::Duration timeout) {
  auto stub = topology::v1::Topology::NewStub(channel);
  const absl::Time deadline = absl::Now() + timeout;
  grpc::Status last;
  while (absl::Now() < deadline) {
    topology::v1::ResolveRequest req;
    req.set_namespace_("bench-probe");
    req.set_event_type("Probe");
    topology::v1::ResolveResponse resp;
    last = stub->Resolve(BenchContext(token, absl::Seconds(2)).get(), req, &resp);
    if (last.error_code() == grpc::StatusCode::NOT_FOUND) return absl::OkStatus();
    if (last.error_code() == grpc::StatusCode::UNAUTHENTICATED ||
        last.error_code() == grpc::StatusCode::PERMISSION_DENIED) {
      return absl::PermissionDeniedError(
          absl::StrCat("causeway-topology refuses the benchmark's token (--token, $CAUSEWAY_TOKEN: "
                       "an admin's, from `causeway-topology bootstrap-admin`): ",
                       last.error_message()));
    }
    absl::SleepFor(absl::Milliseconds(200));
  }
  return absl::DeadlineExceededError(
      absl::StrCat("server not serving after ", absl::FormatDuration(timeout),
                   "; last Resolve: ", last.error_code(), " ", last.error_message()));
}

}  // namespace causeway::bench
