#pragma once
// Webhook signing secrets (Standard Webhooks, `whsec_` + base64 of 32 bytes). A subscription's
// secret is never stored anywhere: topology and the relay both derive it from the signing key
// they share (`--subscription-signing-key`) and the subscription's secret id, so that a database
// dump or a Watch stream reveals no secret, and a rotation is a new id. Pure, except
// NewWebhookSecretId (random).
#include <string>

#include "absl/strings/string_view.h"

namespace causeway::auth {

// "whsec_" + base64(HMAC-SHA256(signing_key,
//                               "causeway-webhook-v1/" + subscription + "/" + secret_id)).
// The base64 is the standard alphabet with padding (44 characters).
std::string DeriveWebhookSecret(absl::string_view signing_key, absl::string_view subscription,
                                absl::string_view secret_id);

// A new secret id: 24 random lower-case hex digits (SubscriptionSecret.id).
std::string NewWebhookSecretId();

}  // namespace causeway::auth
