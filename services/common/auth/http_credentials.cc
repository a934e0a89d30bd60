#include "common/auth/http_credentials.h"

namespace causeway::auth {

Credentials HttpCredentials(const HttpRequest& request) {
  Credentials c = CredentialsFromAuthorization(request.Header("Authorization"));
  c.certificate_names = request.peer_names;
  return c;
}

}  // namespace causeway::auth
