#pragma once
// Webhook signatures as Standard Webhooks define them (https://www.standardwebhooks.com/, spec
// 1.0): the signed content is `<webhook-id>.<webhook-timestamp>.<body>`, the MAC is HMAC-SHA256
// keyed with the base64-decoded part of the secret after `whsec_`, and the header is
// `webhook-signature: v1,<base64 MAC>`. During a secret rotation there is one space-separated
// `v1,` signature per secret, so a receiver holding either secret verifies the request.
//
// Receivers (and our tests) verify with Verify: a request passes when its timestamp is within
// `tolerance` of their clock (replay protection; the spec suggests 5 minutes) and one `v1`
// signature in the header matches one of their secrets, compared in constant time. Entries of
// other versions (`v1a,...`) are ignored.
//
// Threads: none; WebhookSigner is immutable after Create and may be shared.
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"

namespace causeway::relay {

// A secret's key bytes: base64 after an optional `whsec_` prefix. INVALID_ARGUMENT when not
// base64 or empty.
absl::StatusOr<std::string> DecodeWebhookSecret(absl::string_view secret);

class WebhookSigner {
 public:
  // At most 2 secrets (the current one first, then the previous one during a rotation); at
  // least one. INVALID_ARGUMENT naming `secrets[i]` otherwise.
  static absl::StatusOr<WebhookSigner> Create(absl::Span<const std::string> secrets);

  // The webhook-signature header value: "v1,<sig>" per secret, space-separated, in order.
  std::string Sign(absl::string_view webhook_id, int64_t unix_seconds,
                   absl::string_view body) const;

 private:
  explicit WebhookSigner(std::vector<std::string> keys) : keys_(std::move(keys)) {}
  std::vector<std::string> keys_;
};

// Verifies a received request. UNAUTHENTICATED when the timestamp is outside
// [now - tolerance, now + tolerance] or no signature matches; INVALID_ARGUMENT for a secret that
// does not decode or a timestamp that is not an integer.
absl::Status VerifyWebhookSignature(absl::string_view signature_header,
                                    absl::Span<const std::string> secrets,
                                    absl::string_view webhook_id,
                                    absl::string_view webhook_timestamp, absl::string_view body,
                                    absl::Time now, absl::Duration tolerance);

}  // namespace causeway::relay
