#pragma once
// What an HTTP caller presented: its `Authorization` header (Bearer, or Basic with the token as
// password) and, over HTTPS, the names of the client certificate the handshake verified.
#include "common/auth/credentials.h"

namespace httplib {
struct Request;
}

namespace causeway::auth {

Credentials HttpCredentials(const httplib::Request& request);

}  // namespace causeway::auth
