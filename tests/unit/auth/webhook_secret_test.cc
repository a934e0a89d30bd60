// Webhook secret derivation (common/auth/webhook_secret.h). The expected value was computed
// independently with Python's hmac module:
//   base64.b64encode(hmac.new(b'test-signing-key',
//       b'causeway-webhook-v1/orders/0123456789abcdef01234567', hashlib.sha256).digest())
#include "common/auth/webhook_secret.h"

#include <gtest/gtest.h>

#include <set>

namespace causeway::auth {
namespace {

TEST(WebhookSecretTest, MatchesAnIndependentHmacSha256) {
  EXPECT_EQ(DeriveWebhookSecret("test-signing-key", "orders", "0123456789abcdef01234567"),
            "whsec_8jcwIC1YOnsStYdd+o4DEHBnfALGZ114SWUU9ADr8/o=");
}

TEST(WebhookSecretTest, EveryInputChangesTheSecret) {
  const std::string base = DeriveWebhookSecret("k", "orders", "id1");
  EXPECT_EQ(base.size(), 6u + 44u);  // whsec_ + base64 of 32 bytes
  EXPECT_EQ(DeriveWebhookSecret("k", "orders", "id1"), base) << "deterministic";
  EXPECT_NE(DeriveWebhookSecret("k2", "orders", "id1"), base);
  EXPECT_NE(DeriveWebhookSecret("k", "orders2", "id1"), base);
  EXPECT_NE(DeriveWebhookSecret("k", "orders", "id2"), base);
  // The separator keeps (name, id) pairs apart: "a/b" + "c" is not "a" + "b/c"... names cannot
  // hold '/', so the message is unambiguous; still, distinct pairs give distinct secrets.
  EXPECT_NE(DeriveWebhookSecret("k", "ab", "c"), DeriveWebhookSecret("k", "a", "bc"));
}

TEST(WebhookSecretTest, IdsAreRandomHex) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string id = NewWebhookSecretId();
    ASSERT_EQ(id.size(), 24u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
    seen.insert(id);
  }
  EXPECT_EQ(seen.size(), 100u);
}

}  // namespace
}  // namespace causeway::auth
