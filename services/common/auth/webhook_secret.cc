#include "common/auth/webhook_secret.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <cstdlib>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace causeway::auth {

std::string DeriveWebhookSecret(absl::string_view signing_key, absl::string_view subscription,
                                absl::string_view secret_id) {
  const std::string message = absl::StrCat("causeway-webhook-v1/", subscription, "/", secret_id);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), signing_key.data(), static_cast<int>(signing_key.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac,
           &length) == nullptr) {
    std::abort();  // only on allocation failure inside OpenSSL
  }
  return absl::StrCat("whsec_", absl::Base64Escape(absl::string_view(
                                    reinterpret_cast<const char*>(mac), length)));
}

std::string NewWebhookSecretId() {
  unsigned char bytes[12];
  if (RAND_bytes(bytes, sizeof bytes) != 1) std::abort();  // no entropy: nothing safe to do
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

}  // namespace causeway::auth
