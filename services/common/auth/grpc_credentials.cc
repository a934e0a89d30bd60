#include "common/auth/grpc_credentials.h"

#include <memory>
#include <string>

#include "grpcpp/security/auth_context.h"

namespace causeway::auth {

Credentials GrpcCredentials(const grpc::ServerContextBase& context) {
  const auto& md = context.client_metadata();
  auto it = md.find("authorization");
  Credentials c = CredentialsFromAuthorization(
      it == md.end() ? absl::string_view() : absl::string_view(it->second.data(), it->second.size()));
  // Only a certificate the TLS handshake verified against --tls-client-ca counts.
  std::shared_ptr<const grpc::AuthContext> auth = context.auth_context();
  if (auth != nullptr && auth->IsPeerAuthenticated()) {
    for (const char* property : {"x509_common_name", "x509_subject_alternative_name"}) {
      for (const grpc::string_ref& value : auth->FindPropertyValues(property)) {
        c.certificate_names.emplace_back(value.data(), value.size());
      }
    }
  }
  return c;
}

}  // namespace causeway::auth
