#pragma once
// What a caller presented, as its transport (gRPC or HTTP) saw it: a bearer token (kept only as
// its SHA-256) and the names of a client certificate the TLS layer verified.
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace causeway::auth {

struct Credentials {
  // SHA-256 (hex) of the bearer token; empty when none was sent.
  std::string token_sha256;
  // CN and DNS/URI SANs of a client certificate the TLS layer verified; empty without one.
  std::vector<std::string> certificate_names;
  // Set when the `authorization` value was malformed: reported as UNAUTHENTICATED.
  absl::Status malformed;
  bool empty() const { return token_sha256.empty() && certificate_names.empty() && malformed.ok(); }
};

// Credentials from an `authorization` value: "Bearer <token>" (scheme case-insensitive), or, for
// HTTP clients that only speak Basic (Confluent's schema-registry clients), "Basic
// base64(<any user>:<token>)". "" = none.
Credentials CredentialsFromAuthorization(absl::string_view authorization);

}  // namespace causeway::auth
