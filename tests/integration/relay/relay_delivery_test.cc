// Delivery on the real broker: the happy path (natural JSON, CloudEvents and webhook headers),
// an endpoint failing 30 % at random (at least once, per-key order), 4xx and poison records to
// the dead-letter topic without holding the partition back, and Retry-After.
#include <iostream>
#include <set>

#include "common/auth/webhook_secret.h"
#include "relay/core/webhook_signature.h"
#include "relay_fixture.h"
#include "support/kafka_consumer.h"

namespace causeway::testing {
namespace {

TEST_F(RelayTest, DeliversEveryEventAsNaturalJsonWithCloudEventsHeaders) {
  tv1::Subscription sub = StaticPerson();
  StartRelay(RelayOptions({sub}));
  ASSERT_TRUE(WaitForAssignment(sub.name(), 3));
  const std::vector<std::string> ids = PublishPeople(30);
  ASSERT_TRUE(WaitForDelivered(ids, absl::Seconds(30))) << sink_->total();

  auto by_id = ByEventId();
  for (int i = 0; i < 30; ++i) {
    const auto& reqs = by_id[ids[i]];
    ASSERT_FALSE(reqs.empty()) << ids[i];
    const ReceivedRequest& r = reqs.front();
    EXPECT_EQ(r.method, "POST");
    EXPECT_EQ(r.path, "/callback");
    // Natural JSON: a union value without its branch, null as null.
    EXPECT_EQ(r.body, absl::StrCat(R"({"first_name":"p)", i, R"(","last_name":"x","age":)", i,
                                   R"(,"username":null})"));
    EXPECT_EQ(r.Header("content-type"), "application/json");
    EXPECT_EQ(r.Header("ce-specversion"), "1.0");
    EXPECT_EQ(r.Header("ce-id"), ids[i]);
    EXPECT_EQ(r.Header("ce-type"), ns_ + ".Person");
    EXPECT_EQ(r.Header("ce-subject"), absl::StrCat("key-", i % 5));
    EXPECT_EQ(r.Header("ce-source"), "causeway://eu/" + Topic("Person"));
    EXPECT_EQ(r.Header("ce-dataschema"), absl::StrCat("/schemas/ids/", person_.global_id()));
    EXPECT_FALSE(r.Header("ce-time").empty());
    EXPECT_EQ(r.Header("causeway-subscription"), sub.name());
    EXPECT_EQ(r.Header("causeway-attempt"), "1");
    EXPECT_EQ(r.Header("causeway-schema-id"), absl::StrCat(person_.global_id()));
    EXPECT_EQ(r.Header("webhook-id"), ids[i]);
    EXPECT_FALSE(r.Header("webhook-timestamp").empty());
    EXPECT_FALSE(r.Header("traceparent").empty());
    // No signing key: unsigned, as the log says.
    EXPECT_EQ(r.Header("webhook-signature"), "");
  }
  // Committed: the status shows every partition's watermark at its end, nothing in flight.
  const absl::Time until = absl::Now() + absl::Seconds(10);
  rv1::SubscriptionStatus st;
  while (absl::Now() < until) {
    st = *relay_->supervisor().Status(sub.name());
    if (st.lag_records() == 0 && st.counters().delivered() >= 30) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(st.counters().delivered(), 30);
  EXPECT_EQ(st.lag_records(), 0);
  EXPECT_EQ(st.in_flight(), 0);
  EXPECT_EQ(st.health(), rv1::SUBSCRIPTION_HEALTH_HEALTHY);
  EXPECT_EQ(st.partitions_size(), 3);
  EXPECT_GE(MetricValue(relay_->process().metrics().Render(),
                        absl::StrCat("causeway_relay_deliveries_total{outcome=\"delivered\","
                                     "status_class=\"2xx\",subscription=\"",
                                     sub.name(), "\"}")),
            30);
}


// For each key, the event ids in the order their first request arrived.
std::map<std::string, std::vector<std::string>> FirstArrivalsByKey(
    const std::vector<ReceivedRequest>& received) {
  std::map<std::string, std::vector<std::string>> out;
  std::set<std::string> seen;
  for (const auto& r : received) {
    if (seen.insert(r.event_id).second) out[r.Header("ce-subject")].push_back(r.event_id);
  }
  return out;
}

TEST_F(RelayTest, EndpointFailingAtRandomGetsEveryEventAtLeastOnceInKeyOrder) {
  RandomFailures failures;
  failures.fraction = 0.3;
  failures.seed = 7;
  // 5xx, and answers slower than the 1 s attempt timeout.
  failures.failures = {SinkAnswer::Status(500), SinkAnswer::Status(503),
                       SinkAnswer::Status(204).After(absl::Milliseconds(1500))};
  sink_->SetRandomFailures(failures);
  tv1::Subscription sub = StaticPerson();
  StartRelay(RelayOptions({sub}));
  ASSERT_TRUE(WaitForAssignment(sub.name(), 3));
  constexpr int kEvents = 200;
  const std::vector<std::string> ids = PublishPeople(kEvents, 10);
  ASSERT_TRUE(WaitForDelivered(ids, absl::Seconds(45))) << sink_->total();

  const std::vector<ReceivedRequest> received = sink_->Received();
  // Per key, the first requests came in publish order: a retrying event held its key back.
  std::map<std::string, std::vector<std::string>> expected;
  for (int i = 0; i < kEvents; ++i) expected[absl::StrCat("key-", i % 10)].push_back(ids[i]);
  EXPECT_EQ(FirstArrivalsByKey(received), expected);
  // Duplicates: deliveries the endpoint answered 2xx more than once (a timed-out attempt that
  // the endpoint still took, then the retry).
  std::map<std::string, int> ok;
  int failed = 0;
  for (const auto& r : received) {
    if (r.answered >= 200 && r.answered < 300) ++ok[r.event_id];
    if (r.answered >= 500) ++failed;
  }
  int duplicates = 0;
  for (const auto& [id, n] : ok) duplicates += n - 1;
  std::cout << "random failures: " << received.size() << " requests for " << kEvents
            << " events, " << failed << " answered 5xx, " << duplicates
            << " duplicate deliveries\n";
  EXPECT_GT(failed, 20);
  auto st = relay_->supervisor().Status(sub.name());
  ASSERT_TRUE(st.has_value());
  EXPECT_GT(st->counters().retried(), 20);
  EXPECT_EQ(st->counters().dead_lettered(), 0);
  EXPECT_GT(st->counters().attempts_by_status_class().at("5xx"), 0);
  EXPECT_GT(st->counters().attempts_by_status_class().at("timeout"), 0);
}

TEST_F(RelayTest, ClientErrorIsDeadLetteredAtOnceAndThePartitionGoesOn) {
  tv1::Subscription sub = StaticPerson();
  const std::string bad = absl::StrCat("p-", ns_, "-3");
  sink_->SetSequence(bad, {SinkAnswer::Status(422)});
  StartRelay(RelayOptions({sub}));
  ASSERT_TRUE(WaitForAssignment(sub.name(), 3));
  // One key: everything on one partition, behind the bad event.
  const std::vector<std::string> ids = PublishPeople(10, 1);
  std::vector<std::string> good = ids;
  good.erase(good.begin() + 3);
  ASSERT_TRUE(WaitForDelivered(good, absl::Seconds(30)));
  EXPECT_EQ(sink_->CountByEventId(bad), 1);  // never retried

  auto letters = ConsumeAll(KafkaBootstrap(), DeadLetterTopic(sub.name()), 1);
  ASSERT_EQ(letters.size(), 1u);
  const ConsumedMessage& dl = letters[0];
  EXPECT_EQ(dl.key, "key-0");
  EXPECT_EQ(dl.headers.at("causeway-event-id"), bad);
  EXPECT_EQ(dl.headers.at("causeway-dl-reason"), "client_error");
  EXPECT_EQ(dl.headers.at("causeway-dl-status"), "422");
  EXPECT_EQ(dl.headers.at("causeway-dl-attempts"), "1");
  EXPECT_FALSE(dl.headers.at("causeway-dl-first-attempt").empty());
  // The original value, byte for byte: Confluent framing with the Person schema's global id.
  ASSERT_GE(dl.value.size(), 5u);
  EXPECT_EQ(dl.value[0], '\0');
  // The watermark passes it: the partition commits to its end.
  const absl::Time until = absl::Now() + absl::Seconds(10);
  rv1::SubscriptionStatus st;
  while (absl::Now() < until) {
    st = *relay_->supervisor().Status(sub.name());
    if (st.lag_records() == 0 && st.counters().dead_lettered() == 1) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(st.lag_records(), 0);
  EXPECT_EQ(st.counters().dead_lettered(), 1);
  EXPECT_EQ(st.counters().dead_lettered_by_reason().at("client_error"), 1);
  EXPECT_EQ(st.counters().delivered(), 9);
}

TEST_F(RelayTest, RetryAfterIsHonoured) {
  tv1::Subscription sub = StaticPerson();
  const std::string id503 = absl::StrCat("p-", ns_, "-0");
  const std::string id429 = absl::StrCat("p-", ns_, "-1");
  sink_->SetSequence(id503, {SinkAnswer::Status(503).WithRetryAfter("2")});
  sink_->SetSequence(id429, {SinkAnswer::Status(429).WithRetryAfter("1")});
  StartRelay(RelayOptions({sub}));
  ASSERT_TRUE(WaitForAssignment(sub.name(), 3));
  const std::vector<std::string> ids = PublishPeople(2, 2);
  ASSERT_TRUE(WaitForDelivered(ids, absl::Seconds(30)));
  auto by_id = ByEventId();
  ASSERT_EQ(by_id[id503].size(), 2u);
  ASSERT_EQ(by_id[id429].size(), 2u);
  // The 20 ms backoff would have retried at once; Retry-After held the second attempt back.
  EXPECT_GE(by_id[id503][1].arrival - by_id[id503][0].arrival, absl::Seconds(2));
  EXPECT_GE(by_id[id429][1].arrival - by_id[id429][0].arrival, absl::Seconds(1));
  EXPECT_EQ(by_id[id503][1].Header("causeway-attempt"), "2");
}

TEST_F(RelayTest, PoisonRecordsAreDeadLetteredAsUndecodableAndNeverBlock) {
  tv1::Subscription sub = StaticPerson();
  StartRelay(RelayOptions({sub}));
  ASSERT_TRUE(WaitForAssignment(sub.name(), 3));
  // Bad framing, and good framing with a schema id nobody registered.
  ProduceRaw("key-0", "not avro at all", "poison-1");
  ProduceRaw("key-0", std::string("\0\x7f\xff\xff\xf0\x02", 6), "poison-2");
  const std::vector<std::string> ids = PublishPeople(10, 1);
  ASSERT_TRUE(WaitForDelivered(ids, absl::Seconds(30)));
  EXPECT_EQ(sink_->CountByEventId("poison-1"), 0);
  EXPECT_EQ(sink_->CountByEventId("poison-2"), 0);
  auto letters = ConsumeAll(KafkaBootstrap(), DeadLetterTopic(sub.name()), 2);
  ASSERT_EQ(letters.size(), 2u);
  std::set<std::string> poisoned;
  for (const auto& dl : letters) {
    poisoned.insert(dl.headers.at("causeway-event-id"));
    EXPECT_EQ(dl.headers.at("causeway-dl-reason"), "undecodable");
    EXPECT_EQ(dl.headers.at("causeway-dl-status"), "none");
    EXPECT_EQ(dl.headers.at("causeway-dl-attempts"), "0");
    EXPECT_FALSE(dl.headers.at("causeway-dl-error").empty());
  }
  EXPECT_EQ(poisoned, (std::set<std::string>{"poison-1", "poison-2"}));
  EXPECT_EQ(letters[0].value.substr(0, 3) == "not" || letters[1].value.substr(0, 3) == "not",
            true);
}

TEST_F(RelayTest, AnEventWhoseSchemaReachesTheViewLateIsDeliveredInOrder) {
  tv1::Subscription sub = StaticPerson();
  auto options = RelayOptions({sub});
  options.supervisor.runner.unknown_schema_wait = absl::Seconds(20);
  StartRelay(std::move(options));
  ASSERT_TRUE(WaitForAssignment(sub.name(), 3));
  // An event written with the next schema id before that schema exists (as when the relay's
  // view lags the registry), then one of the same key with the current schema.
  const int32_t next_id = person_.global_id() + 1;
  std::string v2_record = PersonRecord("Late", 5).substr(5);
  v2_record += std::string("\x04" "Al", 3);  // nickname "Al"
  ProduceRaw("key-0", codec::FrameConfluent(codec::GlobalSchemaId{next_id}, v2_record),
             "late-schema");
  ProduceRaw("key-0", PersonRecord("After", 6), "after-it");
  absl::SleepFor(absl::Seconds(2));
  // Held back, not dead-lettered, and the next event of its key waits behind it.
  EXPECT_EQ(sink_->total(), 0);
  tv1::Schema v2 = RegisterAndActivate("Person", R"({
    "name": "Person", "namespace": "org.example", "type": "record",
    "fields": [
      {"name": "first_name", "type": "string"},
      {"name": "last_name", "type": "string"},
      {"name": "age", "type": ["null", "int"]},
      {"name": "username", "type": ["null", "string"]},
      {"name": "nickname", "type": "string", "default": ""}
    ]})");
  ASSERT_EQ(v2.global_id(), next_id) << "global ids are not assigned in sequence here";
  ASSERT_TRUE(WaitForDelivered({"late-schema", "after-it"}, absl::Seconds(30)));
  auto by_id = ByEventId();
  EXPECT_EQ(by_id["late-schema"].front().body,
            R"({"first_name":"Late","last_name":"x","age":5,"username":null,"nickname":"Al"})");
  EXPECT_LT(by_id["late-schema"].front().arrival, by_id["after-it"].front().arrival);
}

TEST_F(RelayTest, RetryingStopsAfterMaxRetryDurationWithADeadLetter) {
  tv1::DeliveryPolicy policy = FastPolicy();
  policy.set_max_retry_duration_ms(1000);
  tv1::Subscription sub = StaticPerson(policy);
  const std::string failing = absl::StrCat("p-", ns_, "-1");
  sink_->SetSequence(failing, std::vector<SinkAnswer>(1000, SinkAnswer::Status(500)));
  StartRelay(RelayOptions({sub}));
  ASSERT_TRUE(WaitForAssignment(sub.name(), 3));
  const std::vector<std::string> ids = PublishPeople(3, 1);
  ASSERT_TRUE(WaitForDelivered({ids[0], ids[2]}, absl::Seconds(30)));
  auto letters = ConsumeAll(KafkaBootstrap(), DeadLetterTopic(sub.name()), 1);
  ASSERT_EQ(letters.size(), 1u);
  const auto& h = letters[0].headers;
  EXPECT_EQ(h.at("causeway-event-id"), failing);
  EXPECT_EQ(h.at("causeway-dl-reason"), "retries_exhausted");
  EXPECT_EQ(h.at("causeway-dl-status"), "500");
  const int attempts = std::stoi(h.at("causeway-dl-attempts"));
  EXPECT_GT(attempts, 3);  // 20 ms doubling to 200 ms over one second
  EXPECT_EQ(sink_->CountByEventId(failing), attempts);
  // The event after it (same key) waited for it: its first request came after the last attempt.
  auto by_id = ByEventId();
  EXPECT_GT(by_id[ids[2]].front().arrival, by_id[failing].back().arrival);
}

TEST_F(RelayTest, StaticSubscriptionIsSignedWithTheSecretDerivedFromTheSigningKey) {
  tv1::Subscription sub = StaticPerson();
  const std::string key = "a-signing-key-of-at-least-32-bytes-for-tests";
  StartRelay(RelayOptions({sub}, key));
  ASSERT_TRUE(WaitForAssignment(sub.name(), 3));
  const std::vector<std::string> ids = PublishPeople(3);
  ASSERT_TRUE(WaitForDelivered(ids, absl::Seconds(30)));
  const std::string secret = auth::DeriveWebhookSecret(key, sub.name(), "static");
  for (const ReceivedRequest& r : sink_->Received()) {
    absl::Status verified = relay::VerifyWebhookSignature(
        r.Header("webhook-signature"), {secret}, r.Header("webhook-id"),
        r.Header("webhook-timestamp"), r.body, absl::Now(), absl::Minutes(5));
    EXPECT_TRUE(verified.ok()) << verified;
  }
}

TEST_F(RelayTest, EndpointDownThenBackGetsEverythingWithinTheBackoffCap) {
  tv1::DeliveryPolicy policy = FastPolicy();
  policy.set_initial_backoff_ms(100);
  policy.set_max_backoff_ms(1000);
  tv1::Subscription sub = StaticPerson(policy);
  StartRelay(RelayOptions({sub}));
  ASSERT_TRUE(WaitForAssignment(sub.name(), 3));
  // The endpoint goes away (connections refused) before anything is published.
  const int port = sink_->port();
  sink_->Stop();
  sink_.reset();
  const std::vector<std::string> ids = PublishPeople(20);
  absl::SleepFor(absl::Seconds(6));
  auto down = relay_->supervisor().Status(sub.name());
  ASSERT_TRUE(down.has_value());
  const int64_t refused = down->counters().attempts_by_status_class().at("connect_error");
  EXPECT_GT(refused, 5 * 3) << "each key lane retried through the outage";
  EXPECT_EQ(down->counters().delivered(), 0);
  EXPECT_EQ(down->health(), rv1::SUBSCRIPTION_HEALTH_UNREACHABLE);
  // Back on the same port: every lane's next attempt comes within the 1 s backoff cap.
  auto sink = CallbackSink::Start({.listen = absl::StrCat("127.0.0.1:", port)});
  ASSERT_TRUE(sink.ok()) << sink.status();
  sink_ = *std::move(sink);
  const absl::Time back = absl::Now();
  ASSERT_TRUE(WaitForDelivered(ids, absl::Seconds(20)));
  absl::Time last_first = back;
  for (const auto& [id, reqs] : ByEventId()) last_first = std::max(last_first, reqs.front().arrival);
  std::cout << "endpoint down 6 s: " << refused << " refused attempts; all 20 delivered "
            << absl::ToDoubleSeconds(last_first - back) << " s after it came back\n";
  // The lanes' heads come within the cap (plus scheduling slack); the events behind them follow
  // at once.
  EXPECT_LT(last_first - back, absl::Seconds(3));
}

}  // namespace
}  // namespace causeway::testing
