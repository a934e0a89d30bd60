// Bad subscription requests: each kind of fault with its code and field path, every fault of one
// request listed together, and nothing written (no revision) for any of them.
#include "subscription_fixture.h"

namespace causeway::testing {
namespace {

struct Case {
  const char* what;
  std::function<void(v1::Subscription*)> edit;
  grpc::StatusCode code;
  std::string message;  // the whole message, or the part after "<field>: " when `field`
};

class SubscriptionInputTest : public SubscriptionTest {
 protected:
  void Expect(const Case& c) {
    SCOPED_TRACE(c.what);
    v1::Subscription s = Draft();
    c.edit(&s);
    const int64_t before = server_->hub().revision();
    v1::CreateSubscriptionResponse out;
    grpc::Status st = Create(alice_, s, &out);
    EXPECT_EQ(st.error_code(), c.code) << st.error_message();
    EXPECT_EQ(st.error_message(), c.message);
    EXPECT_EQ(server_->hub().revision(), before) << "a refused create wrote something";
  }
};

TEST_F(SubscriptionInputTest, EachFaultHasItsCodeAndFieldPath) {
  const auto invalid = grpc::StatusCode::INVALID_ARGUMENT;
  const std::vector<Case> cases = {
      {"name", [](auto* s) { s->set_name("Bad Name"); }, invalid,
       "subscription.name: must match [a-z][a-z0-9_-]{0,62}, got \"Bad Name\""},
      {"no event type", [](auto* s) { s->clear_event_types(); }, invalid,
       "subscription.event_types: at least one event type is required"},
      {"65 event types",
       [this](auto* s) {
         for (int i = 0; i < 64; ++i) {
           auto* ref = s->add_event_types();
           ref->set_namespace_(ns_);
           ref->set_name("T" + std::to_string(i));
         }
       },
       invalid, "subscription.event_types: more than 64 entries (65)"},
      {"twice",
       [](auto* s) { *s->add_event_types() = s->event_types(0); }, invalid,
       "subscription.event_types[1]: \"" + ns_ + "/Person\" is listed twice"},
      {"scheme", [](auto* s) { s->set_endpoint("ftp://hooks.example.com/"); }, invalid,
       "subscription.endpoint: must be an http:// or https:// URL"},
      {"user info", [](auto* s) { s->set_endpoint("https://u:p@hooks.example.com/"); }, invalid,
       "subscription.endpoint: must not contain user info (user:password@); the relay signs "
       "every request instead"},
      {"long endpoint",
       [](auto* s) { s->set_endpoint("https://hooks.example.com/" + std::string(2030, 'a')); },
       invalid, "subscription.endpoint: longer than 2048 bytes (2056)"},
      {"push without endpoint",
       [](auto* s) {
         s->clear_endpoint();
         s->set_mode(v1::SUBSCRIPTION_MODE_PUSH);
       },
       invalid,
       "subscription.endpoint: required: the http:// or https:// URL events are POSTed to"},
      {"pull with endpoint", [](auto* s) { s->set_mode(v1::SUBSCRIPTION_MODE_PULL); }, invalid,
       "subscription.endpoint: a PULL subscription has no endpoint"},
      {"unknown mode", [](auto* s) { s->set_mode(static_cast<v1::SubscriptionMode>(7)); },
       invalid, "subscription.mode: must be PUSH or PULL"},
      {"in flight", [](auto* s) { s->mutable_delivery()->set_max_in_flight(1001); }, invalid,
       "subscription.delivery.max_in_flight: must be 1..1000, got 1001"},
      {"backoff", [](auto* s) { s->mutable_delivery()->set_initial_backoff_ms(5); }, invalid,
       "subscription.delivery.initial_backoff_ms: must be 10..600000, got 5"},
      {"max backoff below initial",
       [](auto* s) {
         s->mutable_delivery()->set_initial_backoff_ms(5000);
         s->mutable_delivery()->set_max_backoff_ms(4000);
       },
       invalid, "subscription.delivery.max_backoff_ms: must be 5000..3600000, got 4000"},
      {"multiplier", [](auto* s) { s->mutable_delivery()->set_backoff_multiplier(11); }, invalid,
       "subscription.delivery.backoff_multiplier: must be 1..10, got 11"},
      {"retry duration", [](auto* s) { s->mutable_delivery()->set_max_retry_duration_ms(999); },
       invalid, "subscription.delivery.max_retry_duration_ms: must be 1000..86400000, got 999"},
      {"retry after beyond the duration",
       [](auto* s) {
         s->mutable_delivery()->set_max_retry_duration_ms(60000);
         s->mutable_delivery()->set_max_retry_after_ms(60001);
       },
       invalid, "subscription.delivery.max_retry_after_ms: must be 0..60000, got 60001"},
      {"attempt timeout", [](auto* s) { s->mutable_delivery()->set_attempt_timeout_ms(120001); },
       invalid, "subscription.delivery.attempt_timeout_ms: must be 100..120000, got 120001"},
      {"batch", [](auto* s) { s->mutable_delivery()->mutable_batch()->set_max_events(501); },
       invalid, "subscription.delivery.batch.max_events: must be 0..500, got 501"},
      {"batch bytes",
       [](auto* s) { s->mutable_delivery()->mutable_batch()->set_max_bytes(8 * 1024 * 1024 + 1); },
       invalid, "subscription.delivery.batch.max_bytes: must be 1..8388608, got 8388609"},
      {"start time without TIMESTAMP", [](auto* s) { s->mutable_start_time()->set_seconds(1); },
       invalid, "subscription.start_time: only with START_POSITION_TIMESTAMP"},
      {"TIMESTAMP without time", [](auto* s) { s->set_start(v1::START_POSITION_TIMESTAMP); },
       invalid, "subscription.start_time: required with START_POSITION_TIMESTAMP"},
      {"unknown ordering",
       [](auto* s) { s->set_ordering(static_cast<v1::SubscriptionOrdering>(9)); }, invalid,
       "subscription.ordering: must be KEY, PARTITION or NONE"},
      {"unknown event type", [](auto* s) { s->mutable_event_types(0)->set_name("Ghost"); },
       grpc::StatusCode::NOT_FOUND, "event type \"" + ns_ + "/Ghost\" not found"},
      {"zone without it",
       [this](auto* s) {
         MakeZone("us");
         s->set_zone("us");
       },
       grpc::StatusCode::FAILED_PRECONDITION,
       "subscription.zone: event type " + ns_ + "/Person is not placed in zone \"us\""},
      {"unknown zone", [](auto* s) { s->set_zone("nowhere"); },
       grpc::StatusCode::FAILED_PRECONDITION,
       "subscription.zone: event type " + ns_ + "/Person is not placed in zone \"nowhere\""},
  };
  for (const Case& c : cases) Expect(c);
}

TEST_F(SubscriptionInputTest, PullHasNoEndpointAndTheModeIsFixed) {
  v1::Subscription pull = Draft();
  pull.clear_endpoint();
  pull.set_content(v1::SUBSCRIPTION_CONTENT_AVRO);
  v1::CreateSubscriptionResponse created = MustCreate(alice_, pull);
  EXPECT_EQ(created.subscription().mode(), v1::SUBSCRIPTION_MODE_PULL);
  EXPECT_EQ(created.subscription().content(), v1::SUBSCRIPTION_CONTENT_AVRO);
  v1::Subscription change = created.subscription();
  change.set_mode(v1::SUBSCRIPTION_MODE_PUSH);
  change.set_endpoint("https://hooks.example.com/causeway");
  v1::Subscription out;
  grpc::Status st = Update(alice_, change, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(st.error_message(), "subscription.mode: fixed after creation");
  change.set_mode(v1::SUBSCRIPTION_MODE_UNSPECIFIED);  // keeps PULL: the endpoint is refused
  st = Update(alice_, change, &out);
  EXPECT_EQ(st.error_message(), "subscription.endpoint: a PULL subscription has no endpoint");
  v1::CreateSubscriptionResponse push = MustCreate(alice_, Draft());
  EXPECT_EQ(push.subscription().mode(), v1::SUBSCRIPTION_MODE_PUSH);
}

TEST_F(SubscriptionInputTest, EveryFaultOfARequestIsListed) {
  Expect({"several",
          [](auto* s) {
            s->set_name("Bad");
            s->set_endpoint("https://u@h/");
            s->mutable_delivery()->set_max_in_flight(-1);
            s->mutable_delivery()->mutable_batch()->set_max_wait_ms(10001);
          },
          grpc::StatusCode::INVALID_ARGUMENT,
          "subscription.name: must match [a-z][a-z0-9_-]{0,62}, got \"Bad\"; "
          "subscription.endpoint: must not contain user info (user:password@); the relay signs "
          "every request instead; "
          "subscription.delivery.max_in_flight: must be 1..1000, got -1; "
          "subscription.delivery.batch.max_wait_ms: must be 1..10000, got 10001"});
}

TEST_F(SubscriptionInputTest, TheZoneMustBeNamedWhenTheEventTypesShareSeveral) {
  MakeZone("us");
  MakeCluster("us-a", "us", KafkaBootstrap());
  v1::Placement p;
  // The same broker under another cluster name: its topic is there already (an admin adopts it).
  grpc::Status st = Place(ns_, "Person", "us", &p, "", /*adopt_existing_topic=*/true);
  ASSERT_TRUE(st.ok()) << st.error_message();
  Expect({"two zones", [](auto*) {}, grpc::StatusCode::FAILED_PRECONDITION,
          "subscription.zone: the event types are placed together in several zones (eu, us): "
          "name one"});
  // Person and Meal share only eu.
  v1::CreateSubscriptionResponse out = MustCreate(alice_, Draft({"Person", "Meal"}));
  EXPECT_EQ(out.subscription().zone(), "eu");
  v1::Subscription in_us = Draft();
  in_us.set_zone("us");
  EXPECT_EQ(MustCreate(alice_, in_us).subscription().zone(), "us");
  MakeEventType(ns_, "Lonely");
  Expect({"not placed", [](auto* s) { s->mutable_event_types(0)->set_name("Lonely"); },
          grpc::StatusCode::FAILED_PRECONDITION,
          "subscription.zone: event type " + ns_ + "/Lonely is not placed in any zone"});
}

TEST_F(SubscriptionInputTest, NoEventTypeMayTakeASubscriptionTopic) {
  v1::CreateEventTypeRequest req;
  req.mutable_event_type()->set_namespace_(ns_);
  req.mutable_event_type()->set_name("Sneaky");
  req.mutable_event_type()->set_topic("causeway.sub.billing.dead-letters");
  v1::EventType out;
  grpc::Status st = stub_->CreateEventType(Context().get(), req, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(st.error_message(),
            "event_type.topic: topics starting with \"causeway.sub.\" are subscriptions' (dead "
            "letters, redrive), got \"causeway.sub.billing.dead-letters\"");
}

TEST_F(SubscriptionInputTest, ANameIsTakenOnce) {
  v1::Subscription s = Draft();
  MustCreate(alice_, s);
  v1::CreateSubscriptionResponse out;
  grpc::Status st = Create(alice_, s, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::ALREADY_EXISTS) << st.error_message();
}

}  // namespace
}  // namespace causeway::testing
