#pragma once
// What an HTTP caller presented: its `Authorization` header (Bearer, or Basic with the token as
// password) and, over HTTPS, the names of the client certificate that verified.
#include "common/auth/credentials.h"
#include "common/server/http_message.h"

namespace causeway::auth {

Credentials HttpCredentials(const HttpRequest& request);

}  // namespace causeway::auth
