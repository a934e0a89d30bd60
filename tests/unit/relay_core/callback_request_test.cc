#include "relay/core/callback_request.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "relay/core/trace_context.h"

namespace causeway::relay {
namespace {

constexpr char kSecret[] = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

absl::Time Now() { return absl::FromUnixSeconds(1764756000); }  // 2025-12-03T10:00:00Z

uint64_t FixedRandom() { return 0x0123456789abcdef; }

DeliveryEvent Person() {
  DeliveryEvent e;
  e.event_id = "0b8f6a2e-6a4e-4a43-9d4e-2f7c1d3b9a10";
  e.namespace_name = "mfp";
  e.event_type = "Person";
  e.key = "person-42";
  e.cluster = "local-1";
  e.topic = "mfp.person";
  e.partition = 3;
  e.offset = 1207;
  e.timestamp = absl::FromUnixMillis(1764755999123);
  e.schema_global_id = 17;
  e.payload = R"({"name":"Ada","age":31})";
  return e;
}

class CallbackRequestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    absl::StatusOr<WebhookSigner> signer = WebhookSigner::Create({kSecret});
    ASSERT_TRUE(signer.ok());
    signer_ = std::make_unique<WebhookSigner>(*std::move(signer));
    target_.subscription = "person-feed";
    target_.endpoint = "https://hooks.example/callback";
    target_.zone = "eu";
    target_.registry_url = "https://topology.example:8081";
    target_.attempt_timeout = absl::Seconds(3);
    target_.signer = signer_.get();
  }

  static std::multimap<std::string, std::string> Headers(const HttpRequest& r) {
    return {r.headers.begin(), r.headers.end()};
  }
  static std::string One(const HttpRequest& r, const std::string& name) {
    auto h = Headers(r);
    EXPECT_EQ(h.count(name), 1u) << name;
    auto it = h.find(name);
    return it == h.end() ? "" : it->second;
  }

  std::unique_ptr<WebhookSigner> signer_;
  CallbackTarget target_;
};

TEST_F(CallbackRequestTest, CarriesCloudEventsBinaryModeHeaders) {
  absl::StatusOr<HttpRequest> r = BuildCallbackRequest(Person(), target_, 1, Now(), FixedRandom);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->url, "https://hooks.example/callback");
  EXPECT_EQ(r->timeout, absl::Seconds(3));
  EXPECT_EQ(r->body, R"({"name":"Ada","age":31})");
  EXPECT_EQ(One(*r, "content-type"), "application/json");
  EXPECT_EQ(One(*r, "ce-specversion"), "1.0");
  EXPECT_EQ(One(*r, "ce-id"), "0b8f6a2e-6a4e-4a43-9d4e-2f7c1d3b9a10");
  EXPECT_EQ(One(*r, "ce-source"), "causeway://eu/mfp.person");
  EXPECT_EQ(One(*r, "ce-type"), "mfp.Person");
  EXPECT_EQ(One(*r, "ce-time"), "2025-12-03T09:59:59.123Z");
  EXPECT_EQ(One(*r, "ce-subject"), "person-42");
  EXPECT_EQ(One(*r, "ce-dataschema"), "https://topology.example:8081/schemas/ids/17");
}

TEST_F(CallbackRequestTest, CarriesCausewayHeaders) {
  absl::StatusOr<HttpRequest> r = BuildCallbackRequest(Person(), target_, 4, Now(), FixedRandom);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(One(*r, "causeway-subscription"), "person-feed");
  EXPECT_EQ(One(*r, "causeway-attempt"), "4");
  EXPECT_EQ(One(*r, "causeway-schema-id"), "17");
}

TEST_F(CallbackRequestTest, IsSignedSoAReceiverVerifiesIt) {
  absl::StatusOr<HttpRequest> r = BuildCallbackRequest(Person(), target_, 1, Now(), FixedRandom);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(One(*r, "webhook-id"), "0b8f6a2e-6a4e-4a43-9d4e-2f7c1d3b9a10");
  EXPECT_EQ(One(*r, "webhook-timestamp"), "1764756000");
  EXPECT_TRUE(VerifyWebhookSignature(One(*r, "webhook-signature"), {kSecret},
                                     One(*r, "webhook-id"), One(*r, "webhook-timestamp"), r->body,
                                     Now() + absl::Seconds(2), absl::Minutes(5))
                  .ok());
}

TEST_F(CallbackRequestTest, WebhookIdIsStableAcrossRetries) {
  auto first = BuildCallbackRequest(Person(), target_, 1, Now(), FixedRandom);
  auto retry = BuildCallbackRequest(Person(), target_, 2, Now() + absl::Minutes(3), FixedRandom);
  ASSERT_TRUE(first.ok() && retry.ok());
  EXPECT_EQ(One(*first, "webhook-id"), One(*retry, "webhook-id"));
  EXPECT_NE(One(*first, "webhook-timestamp"), One(*retry, "webhook-timestamp"));
}

TEST_F(CallbackRequestTest, TraceparentPassesThroughOrIsGenerated) {
  DeliveryEvent traced = Person();
  traced.traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  auto r = BuildCallbackRequest(traced, target_, 1, Now(), FixedRandom);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(One(*r, "traceparent"), traced.traceparent);
  auto fresh = BuildCallbackRequest(Person(), target_, 1, Now(), FixedRandom);
  ASSERT_TRUE(fresh.ok());
  EXPECT_EQ(One(*fresh, "traceparent"),
            "00-0123456789abcdef0123456789abcdef-0123456789abcdef-00");
}

TEST_F(CallbackRequestTest, KeylessEventHasNoSubjectAndClusterSourceWithoutZone) {
  DeliveryEvent e = Person();
  e.key.clear();
  target_.zone.clear();
  target_.registry_url.clear();
  auto r = BuildCallbackRequest(e, target_, 1, Now(), FixedRandom);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(Headers(*r).count("ce-subject"), 0u);
  EXPECT_EQ(One(*r, "ce-source"), "causeway://local-1/mfp.person");
  EXPECT_EQ(One(*r, "ce-dataschema"), "/schemas/ids/17");
}

TEST_F(CallbackRequestTest, EventWithoutIdGetsOneFromItsSourcePosition) {
  DeliveryEvent e = Person();
  e.event_id.clear();
  auto r = BuildCallbackRequest(e, target_, 1, Now(), FixedRandom);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(One(*r, "ce-id"), "local-1/mfp.person/3/1207");
  EXPECT_EQ(One(*r, "webhook-id"), "local-1/mfp.person/3/1207");
}

TEST_F(CallbackRequestTest, RefusesAMissingSignerEndpointOrAttempt) {
  CallbackTarget no_signer = target_;
  no_signer.signer = nullptr;
  EXPECT_EQ(BuildCallbackRequest(Person(), no_signer, 1, Now(), FixedRandom).status().code(),
            absl::StatusCode::kInvalidArgument);
  CallbackTarget no_endpoint = target_;
  no_endpoint.endpoint.clear();
  EXPECT_FALSE(BuildCallbackRequest(Person(), no_endpoint, 1, Now(), FixedRandom).ok());
  EXPECT_FALSE(BuildCallbackRequest(Person(), target_, 0, Now(), FixedRandom).ok());
}

TEST_F(CallbackRequestTest, BatchBodyIsAnArrayOfEventObjects) {
  DeliveryEvent second = Person();
  second.event_id = "e2";
  second.key.clear();
  second.payload = R"({"name":"Bo \"B\"","age":7})";
  std::vector<DeliveryEvent> batch = {Person(), second};
  auto r = BuildBatchCallbackRequest(batch, target_, 2, Now(), FixedRandom);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->body,
            R"([{"id":"0b8f6a2e-6a4e-4a43-9d4e-2f7c1d3b9a10","type":"mfp.Person",)"
            R"("subject":"person-42","time":"2025-12-03T09:59:59.123Z","schema_id":17,)"
            R"("data":{"name":"Ada","age":31}},)"
            R"({"id":"e2","type":"mfp.Person","time":"2025-12-03T09:59:59.123Z",)"
            R"("schema_id":17,"data":{"name":"Bo \"B\"","age":7}}])");
  EXPECT_EQ(One(*r, "webhook-id"), "0b8f6a2e-6a4e-4a43-9d4e-2f7c1d3b9a10+2");
  EXPECT_EQ(One(*r, "causeway-batch-size"), "2");
  EXPECT_EQ(One(*r, "causeway-attempt"), "2");
  EXPECT_EQ(Headers(*r).count("ce-id"), 0u);
  EXPECT_TRUE(VerifyWebhookSignature(One(*r, "webhook-signature"), {kSecret},
                                     One(*r, "webhook-id"), One(*r, "webhook-timestamp"), r->body,
                                     Now(), absl::Minutes(5))
                  .ok());
}

TEST_F(CallbackRequestTest, ResolvedAndAvroPayloadsSayWhatTheyAre) {
  DeliveryEvent e = Person();
  auto plain = BuildCallbackRequest(e, target_, 1, Now(), FixedRandom);
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_EQ(Headers(*plain).count("causeway-reader-schema"), 0u);

  e.payload = std::string("\x06" "Ada" "\x02\x3e", 6);
  e.content_type = kAvroContentType;
  e.reader_fingerprint = "20afc5a8f9c017c1f4e82757a7a88f5b";
  auto r = BuildCallbackRequest(e, target_, 1, Now(), FixedRandom);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->body, e.payload);
  EXPECT_EQ(One(*r, "content-type"), "avro/binary");
  EXPECT_EQ(One(*r, "causeway-reader-schema"), "20afc5a8f9c017c1f4e82757a7a88f5b");

  // In a batch (a JSON body) the Avro binary goes as base64, the fingerprint per event.
  auto batch = BuildBatchCallbackRequest({e}, target_, 1, Now(), FixedRandom);
  ASSERT_TRUE(batch.ok()) << batch.status();
  EXPECT_EQ(One(*batch, "content-type"), "application/json");
  EXPECT_NE(batch->body.find(R"("schema_id":17,"reader_schema":"20afc5a8f9c017c1f4e82757a7a88f5b",)"
                             R"("data_base64":"BkFkYQI+"})"),
            std::string::npos)
      << batch->body;
}

TEST_F(CallbackRequestTest, EmptyBatchIsRefused) {
  EXPECT_EQ(BuildBatchCallbackRequest({}, target_, 1, Now(), FixedRandom).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace causeway::relay
