#include "relay/core/webhook_signature.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/core/errors.h"

namespace causeway::relay {
namespace {

constexpr size_t kMaxSecrets = 2;

// HMAC-SHA256 over "<id>.<ts>.<body>", raw 32 bytes.
std::string Mac(absl::string_view key, absl::string_view id, absl::string_view ts,
                absl::string_view body) {
  const std::string content = absl::StrCat(id, ".", ts, ".", body);
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(content.data()), content.size(), out, &len);
  return std::string(reinterpret_cast<const char*>(out), len);
}

}  // namespace

absl::StatusOr<std::string> DecodeWebhookSecret(absl::string_view secret) {
  absl::ConsumePrefix(&secret, "whsec_");
  std::string key;
  if (secret.empty() || !absl::Base64Unescape(secret, &key) || key.empty()) {
    return absl::InvalidArgumentError("not a webhook secret (whsec_ followed by base64)");
  }
  return key;
}

absl::StatusOr<WebhookSigner> WebhookSigner::Create(absl::Span<const std::string> secrets) {
  if (secrets.empty() || secrets.size() > kMaxSecrets) {
    return InvalidField("secrets", absl::StrCat("1 to ", kMaxSecrets, " secrets, got ",
                                                secrets.size()));
  }
  std::vector<std::string> keys;
  for (size_t i = 0; i < secrets.size(); ++i) {
    absl::StatusOr<std::string> key = DecodeWebhookSecret(secrets[i]);
    if (!key.ok()) return InvalidField(absl::StrCat("secrets[", i, "]"), key.status().message());
    keys.push_back(*std::move(key));
  }
  return WebhookSigner(std::move(keys));
}

std::string WebhookSigner::Sign(absl::string_view webhook_id, int64_t unix_seconds,
                                absl::string_view body) const {
  const std::string ts = absl::StrCat(unix_seconds);
  std::string header;
  for (const std::string& key : keys_) {
    if (!header.empty()) header += ' ';
    absl::StrAppend(&header, "v1,", absl::Base64Escape(Mac(key, webhook_id, ts, body)));
  }
  return header;
}

absl::Status VerifyWebhookSignature(absl::string_view signature_header,
                                    absl::Span<const std::string> secrets,
                                    absl::string_view webhook_id,
                                    absl::string_view webhook_timestamp, absl::string_view body,
                                    absl::Time now, absl::Duration tolerance) {
  int64_t ts = 0;
  if (!absl::SimpleAtoi(webhook_timestamp, &ts)) {
    return InvalidField("webhook-timestamp", "not an integer number of seconds");
  }
  const absl::Time sent = absl::FromUnixSeconds(ts);
  if (sent < now - tolerance || sent > now + tolerance) {
    return absl::UnauthenticatedError("webhook-timestamp: outside the tolerance");
  }
  std::vector<std::string> expected;
  for (size_t i = 0; i < secrets.size(); ++i) {
    absl::StatusOr<std::string> key = DecodeWebhookSecret(secrets[i]);
    if (!key.ok()) return InvalidField(absl::StrCat("secrets[", i, "]"), key.status().message());
    expected.push_back(Mac(*key, webhook_id, webhook_timestamp, body));
  }
  for (absl::string_view entry : absl::StrSplit(signature_header, ' ', absl::SkipEmpty())) {
    if (!absl::ConsumePrefix(&entry, "v1,")) continue;
    std::string given;
    if (!absl::Base64Unescape(entry, &given)) continue;
    for (const std::string& mac : expected) {
      if (given.size() == mac.size() && CRYPTO_memcmp(given.data(), mac.data(), mac.size()) == 0) {
        return absl::OkStatus();
      }
    }
  }
  return absl::UnauthenticatedError("webhook-signature: no signature matches");
}

}  // namespace causeway::relay
