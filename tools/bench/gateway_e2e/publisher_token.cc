#include "publisher_token.h"

#include "absl/strings/str_cat.h"
#include "authorization.h"
#include "causeway/topology/v1/topology.grpc.pb.h"
#include "common/core/errors.h"
#include "common/core/grpc_status.h"

namespace causeway::bench {
namespace {

namespace v1 = topology::v1;

std::unique_ptr<grpc::ClientContext> AdminContext(const std::string& admin_token) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(30)));
  Authorize(*context, admin_token);
  return context;
}

// OK, or ALREADY_EXISTS (a rerun): both leave what the benchmark needs in place.
absl::Status ExistsNow(const grpc::Status& s, absl::string_view what) {
  if (s.error_code() == grpc::StatusCode::ALREADY_EXISTS) return absl::OkStatus();
  return Annotate(FromGrpcStatus(s), what);
}

}  // namespace

absl::StatusOr<std::string> IssuePublisherToken(const std::shared_ptr<grpc::Channel>& topology,
                                                const std::string& admin_token,
                                                const std::string& name, const std::string& ns) {
  auto stub = v1::Topology::NewStub(topology);

  v1::CreatePrincipalRequest create;
  create.mutable_principal()->set_name(name);
  create.mutable_principal()->set_owner("bench");
  create.mutable_principal()->set_description("causeway-bench-gateway's publisher");
  v1::Principal principal;
  if (absl::Status s = ExistsNow(stub->CreatePrincipal(AdminContext(admin_token).get(), create,
                                                       &principal),
                                 absl::StrCat("creating principal ", name));
      !s.ok()) {
    return s;
  }

  v1::CreateRoleBindingRequest bind;
  bind.mutable_role_binding()->set_principal(name);
  bind.mutable_role_binding()->set_role(v1::ROLE_PUBLISHER);
  bind.mutable_role_binding()->set_namespace_(ns);
  v1::RoleBinding binding;
  if (absl::Status s = ExistsNow(stub->CreateRoleBinding(AdminContext(admin_token).get(), bind,
                                                         &binding),
                                 absl::StrCat("giving ", name, " the publisher role of ", ns));
      !s.ok()) {
    return s;
  }

  v1::IssueTokenRequest issue;
  issue.set_name(name);
  issue.set_description("causeway-bench-gateway run");
  v1::IssueTokenResponse issued;
  if (absl::Status s = Annotate(
          FromGrpcStatus(stub->IssueToken(AdminContext(admin_token).get(), issue, &issued)),
          absl::StrCat("issuing a token for ", name));
      !s.ok()) {
    return s;
  }
  return issued.token();
}

}  // namespace causeway::bench
