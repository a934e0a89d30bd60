#include "common/auth/credentials.h"

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "common/core/bearer_token.h"

namespace causeway::auth {

Credentials CredentialsFromAuthorization(absl::string_view authorization) {
  Credentials c;
  authorization = absl::StripAsciiWhitespace(authorization);
  if (authorization.empty()) return c;
  constexpr absl::string_view kBearer = "bearer ";
  constexpr absl::string_view kBasic = "basic ";
  absl::string_view token;
  std::string decoded;
  if (absl::StartsWithIgnoreCase(authorization, kBearer)) {
    token = absl::StripLeadingAsciiWhitespace(authorization.substr(kBearer.size()));
  } else if (absl::StartsWithIgnoreCase(authorization, kBasic)) {
    if (!absl::Base64Unescape(absl::StripLeadingAsciiWhitespace(authorization.substr(kBasic.size())),
                              &decoded)) {
      c.malformed = absl::UnauthenticatedError("authorization: Basic credentials are not base64");
      return c;
    }
    // The user name is free (Confluent clients insist on one); the password is the token.
    const size_t colon = decoded.find(':');
    token = colon == std::string::npos ? absl::string_view() : absl::string_view(decoded).substr(colon + 1);
  } else {
    c.malformed = absl::UnauthenticatedError(
        "authorization: expected \"Bearer <token>\" (issue one with `causeway principal "
        "issue-token`)");
    return c;
  }
  if (token.empty()) {
    c.malformed = absl::UnauthenticatedError("authorization: the bearer token is empty");
    return c;
  }
  c.token_sha256 = Sha256Hex(token);
  return c;
}

}  // namespace causeway::auth
