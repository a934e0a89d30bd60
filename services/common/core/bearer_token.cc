#include "common/core/bearer_token.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <cstdlib>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace causeway {

std::string Sha256Hex(absl::string_view text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

std::string TokenId(absl::string_view sha256_hex) {
  return std::string(sha256_hex.substr(0, 12));
}

IssuedToken NewBearerToken() {
  unsigned char secret[32];
  // The CSPRNG failing means the process cannot make credentials at all: stop rather than issue
  // a guessable token.
  if (RAND_bytes(secret, sizeof(secret)) != 1) std::abort();
  IssuedToken token;
  token.text = absl::StrCat(
      "cwt_", absl::WebSafeBase64Escape(absl::string_view(reinterpret_cast<const char*>(secret),
                                                          sizeof(secret))));
  token.sha256 = Sha256Hex(token.text);
  token.id = TokenId(token.sha256);
  return token;
}

}  // namespace causeway
