#include "common/auth/http_credentials.h"

#include <httplib.h>

#include "common/server/tls.h"

namespace causeway::auth {

Credentials HttpCredentials(const httplib::Request& request) {
  Credentials c = CredentialsFromAuthorization(request.get_header_value("Authorization"));
  c.certificate_names = VerifiedPeerNames(request.ssl);
  return c;
}

}  // namespace causeway::auth
