#include "support/test_principals.h"

#include <gtest/gtest.h>

#include "support/topology_server.h"

namespace causeway::testing {

namespace tv1 = ::causeway::topology::v1;

IssuedToken TestAdminToken() {
  const std::string sha = Sha256Hex(kTestAdminToken);
  return IssuedToken{kTestAdminToken, sha, TokenId(sha)};
}

void Bind(tv1::Topology::Stub& stub, const std::string& principal, tv1::Role role,
          const std::string& ns) {
  tv1::CreateRoleBindingRequest req;
  req.mutable_role_binding()->set_principal(principal);
  req.mutable_role_binding()->set_role(role);
  req.mutable_role_binding()->set_namespace_(ns);
  tv1::RoleBinding out;
  grpc::Status s = stub.CreateRoleBinding(Context().get(), req, &out);
  EXPECT_TRUE(s.ok()) << principal << " " << tv1::Role_Name(role) << " " << ns << ": "
                      << s.error_message();
}

std::string MakePrincipal(tv1::Topology::Stub& stub, const std::string& name, tv1::Role role,
                          const std::string& ns) {
  tv1::CreatePrincipalRequest create;
  create.mutable_principal()->set_name(name);
  tv1::Principal principal;
  grpc::Status s = stub.CreatePrincipal(Context().get(), create, &principal);
  EXPECT_TRUE(s.ok() || s.error_code() == grpc::StatusCode::ALREADY_EXISTS) << s.error_message();
  if (role != tv1::ROLE_UNSPECIFIED) Bind(stub, name, role, ns);
  tv1::IssueTokenRequest issue;
  issue.set_name(name);
  tv1::IssueTokenResponse token;
  s = stub.IssueToken(Context().get(), issue, &token);
  EXPECT_TRUE(s.ok()) << s.error_message();
  return token.token();
}

}  // namespace causeway::testing
