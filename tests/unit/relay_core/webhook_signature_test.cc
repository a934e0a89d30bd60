#include "relay/core/webhook_signature.h"

#include <gtest/gtest.h>

#include <string>

#include "absl/strings/match.h"
#include <vector>

namespace causeway::relay {
namespace {

// The known-answer vector of the Standard Webhooks reference libraries
// (standard-webhooks/standard-webhooks, libraries/go/webhook_test.go, TestWebhookSign).
constexpr char kSecret[] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr char kId[] = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr int64_t kTimestamp = 1614265330;
constexpr char kBody[] = R"({"test": 2432232314})";
constexpr char kExpected[] = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

constexpr char kOtherSecret[] = "whsec_c2Vjb25kLXNlY3JldC1mb3Itcm90YXRpb24=";

absl::Time SentAt() { return absl::FromUnixSeconds(kTimestamp); }

TEST(WebhookSignatureTest, SignMatchesTheStandardWebhooksKnownAnswer) {
  absl::StatusOr<WebhookSigner> signer = WebhookSigner::Create({kSecret});
  ASSERT_TRUE(signer.ok()) << signer.status();
  EXPECT_EQ(signer->Sign(kId, kTimestamp, kBody), kExpected);
}

TEST(WebhookSignatureTest, SecretWithoutPrefixIsTheSameKey) {
  absl::StatusOr<WebhookSigner> signer =
      WebhookSigner::Create({std::string("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")});
  ASSERT_TRUE(signer.ok());
  EXPECT_EQ(signer->Sign(kId, kTimestamp, kBody), kExpected);
}

TEST(WebhookSignatureTest, RotationSignsOncePerSecretInOrder) {
  absl::StatusOr<WebhookSigner> signer = WebhookSigner::Create({kSecret, kOtherSecret});
  ASSERT_TRUE(signer.ok());
  const std::string header = signer->Sign(kId, kTimestamp, kBody);
  EXPECT_EQ(header.substr(0, std::string(kExpected).size() + 1), std::string(kExpected) + " ");
  // A receiver holding only the new secret, or only the old one, verifies it.
  for (const char* secret : {kSecret, kOtherSecret}) {
    EXPECT_TRUE(VerifyWebhookSignature(header, {secret}, kId, "1614265330", kBody, SentAt(),
                                       absl::Minutes(5))
                    .ok())
        << secret;
  }
}

TEST(WebhookSignatureTest, BadSecretsAreRefusedWithTheirIndex) {
  EXPECT_EQ(WebhookSigner::Create({}).status().code(), absl::StatusCode::kInvalidArgument);
  absl::Status s = WebhookSigner::Create({kSecret, "whsec_***"}).status();
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(s.message(), "secrets[1]")) << s;
  EXPECT_FALSE(WebhookSigner::Create({kSecret, kSecret, kSecret}).ok());
  EXPECT_FALSE(DecodeWebhookSecret("whsec_").ok());
}

TEST(WebhookSignatureTest, VerifyAcceptsOneMatchAmongSeveralSignatures) {
  const std::string header =
      "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,whatever " + std::string(kExpected);
  EXPECT_TRUE(VerifyWebhookSignature(header, {kSecret}, kId, "1614265330", kBody, SentAt(),
                                     absl::Minutes(5))
                  .ok());
}

TEST(WebhookSignatureTest, VerifyRefusesATamperedBodyIdOrTimestamp) {
  auto verify = [](absl::string_view id, absl::string_view ts, absl::string_view body) {
    return VerifyWebhookSignature(kExpected, {kSecret}, id, ts, body, SentAt(), absl::Minutes(5))
        .code();
  };
  EXPECT_EQ(verify(kId, "1614265330", kBody), absl::StatusCode::kOk);
  EXPECT_EQ(verify(kId, "1614265330", R"({"test": 2432232315})"),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(verify("msg_other", "1614265330", kBody), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(verify(kId, "1614265331", kBody), absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(verify(kId, "soon", kBody), absl::StatusCode::kInvalidArgument);
}

TEST(WebhookSignatureTest, VerifyRefusesAWrongSecret) {
  EXPECT_EQ(VerifyWebhookSignature(kExpected, {kOtherSecret}, kId, "1614265330", kBody, SentAt(),
                                   absl::Minutes(5))
                .code(),
            absl::StatusCode::kUnauthenticated);
}

TEST(WebhookSignatureTest, VerifyRefusesTimestampsOutsideTheTolerance) {
  auto at = [](absl::Time now) {
    return VerifyWebhookSignature(kExpected, {kSecret}, kId, "1614265330", kBody, now,
                                  absl::Minutes(5))
        .code();
  };
  EXPECT_EQ(at(SentAt() + absl::Minutes(5)), absl::StatusCode::kOk);
  EXPECT_EQ(at(SentAt() + absl::Minutes(5) + absl::Seconds(1)),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(at(SentAt() - absl::Minutes(5) - absl::Seconds(1)),
            absl::StatusCode::kUnauthenticated);
}

}  // namespace
}  // namespace causeway::relay
