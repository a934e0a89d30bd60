// Subscriptions created in causeway-topology and served by the relay following its Watch: the
// signature verifies with the secret CreateSubscription answered; 410 Gone suspends the
// subscription in topology and the relay stops serving it; GetSubscriptionStatus checks roles.
#include <functional>
#include <set>

#include "grpcpp/create_channel.h"
#include "relay/core/webhook_signature.h"
#include "relay_fixture.h"

namespace causeway::testing {
namespace {

class RelaySubscriptionTest : public RelayTest {
 protected:
  // A subscription to this test's Person events at the sink, from the earliest offset; returns
  // its signing secret.
  std::string CreateSubscription(const std::string& name, tv1::Subscription* out = nullptr,
                                 std::function<void(tv1::Subscription*)> adjust = nullptr) {
    tv1::CreateSubscriptionRequest req;
    tv1::Subscription* s = req.mutable_subscription();
    s->set_name(name);
    auto* et = s->add_event_types();
    et->set_namespace_(ns_);
    et->set_name("Person");
    s->set_endpoint(sink_->Url());
    s->set_allow_private_endpoint(true);  // the sink is on loopback (the test admin may)
    s->set_start(tv1::START_POSITION_EARLIEST);
    *s->mutable_delivery() = FastPolicy();
    if (adjust) adjust(s);
    tv1::CreateSubscriptionResponse resp;
    grpc::Status st = topo_->CreateSubscription(Context().get(), req, &resp);
    EXPECT_TRUE(st.ok()) << st.error_message();
    if (out != nullptr) *out = resp.subscription();
    return resp.signing_secret();
  }
  tv1::Subscription GetSubscription(const std::string& name) {
    tv1::GetSubscriptionRequest req;
    req.set_name(name);
    tv1::Subscription s;
    EXPECT_TRUE(topo_->GetSubscription(Context().get(), req, &s).ok());
    return s;
  }
  std::unique_ptr<rv1::Relay::Stub> RelayStub() {
    return rv1::Relay::NewStub(
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", relay_->process().grpc_port()),
                            grpc::InsecureChannelCredentials()));
  }
};

TEST_F(RelaySubscriptionTest, SignatureVerifiesWithTheSecretCreateSubscriptionAnswered) {
  tv1::Subscription sub;
  const std::string secret = CreateSubscription("people-feed", &sub);
  ASSERT_EQ(secret.rfind("whsec_", 0), 0u) << secret;
  StartRelay(RelayOptions({}, kTestSigningKey));
  ASSERT_TRUE(WaitForAssignment("people-feed", 3));
  const std::vector<std::string> ids = PublishPeople(20);
  ASSERT_TRUE(WaitForDelivered(ids, absl::Seconds(30)));
  for (const ReceivedRequest& r : sink_->Received()) {
    EXPECT_EQ(r.Header("causeway-subscription"), "people-feed");
    EXPECT_EQ(r.Header("webhook-signature").rfind("v1,", 0), 0u);
    absl::Status verified = relay::VerifyWebhookSignature(
        r.Header("webhook-signature"), {secret}, r.Header("webhook-id"),
        r.Header("webhook-timestamp"), r.body, absl::Now(), absl::Minutes(5));
    EXPECT_TRUE(verified.ok()) << verified;
    // Another secret does not verify it.
    EXPECT_FALSE(relay::VerifyWebhookSignature(r.Header("webhook-signature"),
                                               {"whsec_" + std::string(43, 'A') + "="},
                                               r.Header("webhook-id"),
                                               r.Header("webhook-timestamp"), r.body, absl::Now(),
                                               absl::Minutes(5))
                     .ok());
  }
  // The dead-letter topic topology created is the one the status names.
  EXPECT_EQ(sub.dead_letter_topic(), DeadLetterTopic("people-feed"));
}

TEST_F(RelaySubscriptionTest, GoneSuspendsTheSubscriptionInTopology) {
  CreateSubscription("gone-feed");
  sink_->SetDefault(SinkAnswer::Status(410));
  StartRelay(RelayOptions({}, kTestSigningKey));
  ASSERT_TRUE(WaitForAssignment("gone-feed", 3));
  PublishPeople(5);
  const absl::Time until = absl::Now() + absl::Seconds(30);
  tv1::Subscription s;
  while (absl::Now() < until) {
    s = GetSubscription("gone-feed");
    if (s.state() == tv1::SUBSCRIPTION_STATE_SUSPENDED) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  ASSERT_EQ(s.state(), tv1::SUBSCRIPTION_STATE_SUSPENDED);
  EXPECT_NE(s.state_reason().find("410 Gone"), std::string::npos) << s.state_reason();
  // The relay follows: it stops the subscription's runners (after committing what is terminal).
  const absl::Time stop_until = absl::Now() + absl::Seconds(20);
  while (absl::Now() < stop_until && relay_->supervisor().Status("gone-feed")) {
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_FALSE(relay_->supervisor().Status("gone-feed").has_value());
  // Nothing more is sent once the endpoint said it is gone: one request per key lane at most.
  const int64_t sent = sink_->total();
  absl::SleepFor(absl::Seconds(1));
  EXPECT_EQ(sink_->total(), sent);
  EXPECT_LE(sent, 5);
}

TEST_F(RelaySubscriptionTest, GetSubscriptionStatusNeedsARole) {
  CreateSubscription("status-feed");
  auto options = RelayOptions({}, kTestSigningKey);
  options.auth = auth::AuthMode::kPrincipals;
  StartRelay(std::move(options));
  ASSERT_TRUE(WaitForAssignment("status-feed", 3));
  const std::string viewer = MakePrincipal(*topo_, "ns-viewer", tv1::ROLE_VIEWER, ns_);
  const std::string stranger = MakePrincipal(*topo_, "stranger");
  ASSERT_TRUE(relay_->follower().WaitForRevision(topology_->hub().revision(), absl::Seconds(20)));
  auto stub = RelayStub();
  const auto call = [&](const std::string& token, rv1::SubscriptionStatus* out) {
    grpc::ClientContext ctx;
    if (!token.empty()) ctx.AddMetadata("authorization", "Bearer " + token);
    rv1::GetSubscriptionStatusRequest req;
    req.set_name("status-feed");
    return stub->GetSubscriptionStatus(&ctx, req, out);
  };
  rv1::SubscriptionStatus st;
  EXPECT_EQ(call("", &st).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(call(stranger, &st).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status ok = call(viewer, &st);
  ASSERT_TRUE(ok.ok()) << ok.error_message();
  EXPECT_EQ(st.name(), "status-feed");
  EXPECT_EQ(st.state(), tv1::SUBSCRIPTION_STATE_ACTIVE);
  // The Person topic's partitions and the redrive topic's.
  std::set<std::string> topics;
  for (const auto& p : st.partitions()) topics.insert(p.topic());
  EXPECT_TRUE(topics.count(Topic("Person"))) << st.DebugString();
  EXPECT_TRUE(topics.count("causeway.sub.status-feed.redrive")) << st.DebugString();
  EXPECT_TRUE(call(relay_token_, &st).ok());
  // An unknown name is NOT_FOUND.
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", "Bearer " + relay_token_);
  rv1::GetSubscriptionStatusRequest req;
  req.set_name("no-such-feed");
  EXPECT_EQ(stub->GetSubscriptionStatus(&ctx, req, &st).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(RelaySubscriptionTest, RedrivenRecordsAreDeliveredLikeTheOriginals) {
  tv1::Subscription sub;
  CreateSubscription("redrive-feed", &sub);
  ASSERT_EQ(sub.redrive_topic(), "causeway.sub.redrive-feed.redrive");
  StartRelay(RelayOptions({}, kTestSigningKey));
  ASSERT_TRUE(WaitForAssignment("redrive-feed", 6));
  // What `causeway subscription dead-letters redrive` writes: the original record (with its
  // dead-letter headers) into the redrive topic.
  ProduceRaw("key-9", PersonRecord("Redriven", 40), "redriven-1", sub.redrive_topic());
  ASSERT_TRUE(WaitForDelivered({"redriven-1"}, absl::Seconds(30)));
  const auto reqs = ByEventId()["redriven-1"];
  ASSERT_FALSE(reqs.empty());
  EXPECT_EQ(reqs[0].body, R"({"first_name":"Redriven","last_name":"x","age":40,"username":null})");
  EXPECT_EQ(reqs[0].Header("ce-subject"), "key-9");
  EXPECT_EQ(reqs[0].Header("ce-type"), ns_ + ".Person");
}

// kPerson (v1) with `fields` added after its last one.
std::string PersonWith(const std::string& fields) {
  std::string schema = kPerson;
  schema.insert(schema.rfind(']'), ", " + fields);
  return schema;
}
constexpr char kEmail[] = R"({"name": "email", "type": ["null", "string"], "default": null})";
constexpr char kNickname[] = R"({"name": "nickname", "type": "string", "default": "n/a"})";

TEST_F(RelaySubscriptionTest, EventsArriveInEachSubscriptionsReaderSchema) {
  // Two consumers of Person: one whose code knows v1 (declared by the registered schema's id),
  // one written against a newer reader (inline). Then the producer moves to v2.
  tv1::Subscription old_reader, new_reader;
  CreateSubscription("reads-v1", &old_reader, [&](tv1::Subscription* s) {
    s->add_reader_schemas()->set_schema_id(person_.id());
  });
  CreateSubscription("reads-v3", &new_reader, [&](tv1::Subscription* s) {
    // A newer reader: v2 and a nickname with a default.
    s->add_reader_schemas()->set_definition(PersonWith(absl::StrCat(kEmail, ", ", kNickname)));
  });
  ASSERT_EQ(old_reader.reader_schemas_size(), 1);
  ASSERT_EQ(new_reader.reader_schemas_size(), 1);
  const std::string v1_fingerprint = old_reader.reader_schemas(0).fingerprint();
  const std::string v3_fingerprint = new_reader.reader_schemas(0).fingerprint();
  EXPECT_EQ(v1_fingerprint, person_.id());
  EXPECT_EQ(v3_fingerprint.size(), 32u);
  const tv1::Schema v2 = RegisterAndActivate("Person", PersonWith(kEmail));
  CatchUp(*gateway_);
  StartRelay(RelayOptions({}, kTestSigningKey));

  std::vector<std::string> ids;
  for (int i = 0; i < 4; ++i) {
    ids.push_back(absl::StrCat("v2-", ns_, "-", i));
    gv1::PublishResponse resp;
    ASSERT_TRUE(Publish(Json(absl::StrCat(R"({"first_name": "p)", i,
                                          R"(", "last_name": "x", "age": )", i,
                                          R"(, "username": null, "email": "p)", i,
                                          R"(@example.com"})"),
                             ids.back()),
                        &resp)
                    .ok());
  }
  // Each event once per subscription.
  const absl::Time until = absl::Now() + absl::Seconds(30);
  while (sink_->total() < 8 && absl::Now() < until) absl::SleepFor(absl::Milliseconds(100));
  int seen_v1 = 0, seen_v3 = 0;
  for (const ReceivedRequest& r : sink_->Received()) {
    const std::string i = r.event_id.substr(r.event_id.rfind('-') + 1);
    // Written with v2 whichever reader: the writer's id is still the one in the headers.
    EXPECT_EQ(r.Header("causeway-schema-id"), absl::StrCat(v2.global_id()));
    EXPECT_EQ(r.Header("content-type"), "application/json");
    if (r.Header("causeway-subscription") == "reads-v1") {
      ++seen_v1;
      EXPECT_EQ(r.Header("causeway-reader-schema"), v1_fingerprint);
      // The v1 shape: no email.
      EXPECT_EQ(r.body, absl::StrCat(R"({"first_name":"p)", i, R"(","last_name":"x","age":)", i,
                                     R"(,"username":null})"));
    } else {
      ++seen_v3;
      EXPECT_EQ(r.Header("causeway-subscription"), "reads-v3");
      EXPECT_EQ(r.Header("causeway-reader-schema"), v3_fingerprint);
      EXPECT_EQ(r.body, absl::StrCat(R"({"first_name":"p)", i, R"(","last_name":"x","age":)", i,
                                     R"(,"username":null,"email":"p)", i,
                                     R"(@example.com","nickname":"n/a"})"));
    }
  }
  EXPECT_GE(seen_v1, 4);
  EXPECT_GE(seen_v3, 4);
}

TEST_F(RelaySubscriptionTest, TimestampStartSkipsWhatCameBefore) {
  const std::vector<std::string> before = PublishPeople(6, 3, "before");
  absl::SleepFor(absl::Milliseconds(1500));
  const absl::Time start = absl::Now();
  absl::SleepFor(absl::Milliseconds(200));
  const std::vector<std::string> after = PublishPeople(6, 3, "after");
  CreateSubscription("from-time", nullptr, [&](tv1::Subscription* s) {
    s->set_start(tv1::START_POSITION_TIMESTAMP);
    s->mutable_start_time()->set_seconds(absl::ToUnixSeconds(start));
    s->mutable_start_time()->set_nanos(
        static_cast<int32_t>(absl::ToInt64Nanoseconds(start - absl::FromUnixSeconds(absl::ToUnixSeconds(start)))));
  });
  StartRelay(RelayOptions({}, kTestSigningKey));
  ASSERT_TRUE(WaitForDelivered(after, absl::Seconds(30)));
  absl::SleepFor(absl::Milliseconds(500));
  for (const auto& id : before) EXPECT_EQ(sink_->CountByEventId(id), 0) << id;
}

}  // namespace
}  // namespace causeway::testing
