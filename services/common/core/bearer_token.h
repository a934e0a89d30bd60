#pragma once
// Principals' bearer tokens: how causeway-topology makes them and how it and the services
// recognise them. Only a token's SHA-256 is ever stored or sent over Watch; the token text is shown
// once. SHA-256 without salt is enough because tokens are 256 random bits, not passwords.
#include <string>

#include "absl/strings/string_view.h"

namespace causeway {

// A freshly issued token: `text` goes to the caller, `sha256` and `id` are stored.
struct IssuedToken {
  std::string text;    // "cwt_" + 43 base64url characters (32 random bytes)
  std::string sha256;  // lower-case hex
  std::string id;      // first 12 hex digits of sha256, the handle used to revoke it
};

IssuedToken NewBearerToken();

// Lower-case hex SHA-256 of `text`.
std::string Sha256Hex(absl::string_view text);

// The handle of a token with this hash.
std::string TokenId(absl::string_view sha256_hex);

}  // namespace causeway
