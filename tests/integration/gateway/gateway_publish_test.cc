// Publishing through causeway-gateway to the real broker: the seed's payloads, headers and
// framing, every status code, dedup.
#include "gateway_fixture.h"
#include "support/http_client.h"

namespace causeway::testing {
namespace {

int32_t FramedSchemaId(const std::string& value) {
  return (static_cast<uint8_t>(value[1]) << 24) | (static_cast<uint8_t>(value[2]) << 16) |
         (static_cast<uint8_t>(value[3]) << 8) | static_cast<uint8_t>(value[4]);
}

TEST_F(GatewayTest, SeedPayloadsArePersistedWithFramingAndHeaders) {
  StartGateway();
  gv1::PublishResponse omitted, annotated;
  auto first = Json(R"({"first_name": "Paul", "last_name": "Osman", "username": "paulosman"})",
                    "evt-1");
  first.set_traceparent("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
  first.set_key("paul");
  grpc::Status s = Publish(first, &omitted);
  ASSERT_TRUE(s.ok()) << s.error_message();
  s = Publish(Json(R"({"first_name": "Paul", "last_name": "Osman", "age": {"null": null},
                      "username": {"string": "paulosman"}})", "evt-2"), &annotated);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(omitted.result().schema_id(), person_.id());
  ASSERT_EQ(omitted.result().zones_size(), 1);
  EXPECT_EQ(omitted.result().zones(0).zone(), "eu");
  EXPECT_GE(omitted.result().zones(0).offset(), 0);

  auto messages = ConsumeAll(KafkaBootstrap(), Topic("Person"), 2);
  ASSERT_EQ(messages.size(), 2u);
  for (const auto& m : messages) {
    ASSERT_GE(m.value.size(), 5u);
    EXPECT_EQ(m.value[0], '\0') << "Confluent magic byte";
    EXPECT_EQ(FramedSchemaId(m.value), person_.global_id());
    EXPECT_EQ(m.headers.at("causeway-namespace"), ns_);
    EXPECT_EQ(m.headers.at("causeway-event-type"), "Person");
    EXPECT_EQ(m.headers.at("causeway-schema-id"), person_.id());
    EXPECT_EQ(m.headers.at("causeway-producer-id"), "test-producer");
  }
  // Both payloads encode the same record: age null, username "paulosman".
  EXPECT_EQ(messages[0].value.substr(5) == messages[1].value.substr(5), true);
  const ConsumedMessage& keyed = messages[0].headers.at("causeway-event-id") == "evt-1"
                                     ? messages[0] : messages[1];
  EXPECT_EQ(keyed.key, "paul");
  EXPECT_EQ(keyed.headers.at("traceparent"),
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");
}

TEST_F(GatewayTest, MetricsExportTheGatewaysGauges) {
  GatewayServer& gw = StartGateway();
  const std::string url = absl::StrCat("http://127.0.0.1:", gw.http_port());
  HttpReply metrics = HttpGet(url + "/metrics");
  ASSERT_EQ(metrics.status, 200) << metrics.error;
  EXPECT_NE(metrics.body.find(absl::StrCat("causeway_gateway_topology_revision ",
                                           topology_->hub().revision())),
            std::string::npos)
      << metrics.body;
  EXPECT_NE(metrics.body.find("causeway_gateway_topology_connected 1"), std::string::npos);
  EXPECT_NE(metrics.body.find("causeway_gateway_stream_pending_results 0"), std::string::npos);
  // Readiness follows the topology within its 100 ms poll.
  long status = 0;
  for (int i = 0; i < 50 && status != 200; ++i) {
    HttpReply ready = HttpGet(url + "/readyz");
    ASSERT_NE(ready.status, 0) << ready.error;
    status = ready.status;
    if (status != 200) absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_EQ(status, 200);
}

TEST_F(GatewayTest, InvalidPayloadListsEveryViolationAndWritesNothing) {
  StartGateway();
  gv1::PublishResponse out;
  grpc::Status s = Publish(Json(R"({"last_name": 12, "age": "old", "extra": true})"), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  for (const char* path : {"$.first_name", "$.last_name", "$.age", "$.extra"}) {
    EXPECT_NE(s.error_message().find(path), std::string::npos) << path << " in " << s.error_message();
  }
  EXPECT_EQ(Publish(Json("not json"), &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(ConsumeAll(KafkaBootstrap(), Topic("Person"), 1, absl::Seconds(3)).empty());
}

TEST_F(GatewayTest, UnknownEventTypeIsNotFound) {
  StartGateway();
  auto req = Json(R"({"first_name": "a", "last_name": "b"})");
  req.set_event_type("Nope");
  gv1::PublishResponse out;
  EXPECT_EQ(Publish(req, &out).error_code(), grpc::StatusCode::NOT_FOUND);
  req.set_event_type("bad name!");
  EXPECT_EQ(Publish(req, &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(GatewayTest, NoAvailableSchemaOrDeprecatedSchemaIsFailedPrecondition) {
  CreateEventType("Draft");
  Place("Draft", "eu");
  StartGateway();
  auto req = Json(R"({"first_name": "a", "last_name": "b"})");
  req.set_event_type("Draft");
  gv1::PublishResponse out;
  EXPECT_EQ(Publish(req, &out).error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  tv1::SchemaTransitionRequest dep;
  dep.set_id(person_.id());
  tv1::Schema s;
  ASSERT_TRUE(schemas_->DeprecateSchema(Context().get(), dep, &s).ok());
  CatchUp(*gateway_);
  auto named = Json(R"({"first_name": "a", "last_name": "b"})");
  named.set_schema_id(person_.id());
  EXPECT_EQ(Publish(named, &out).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(GatewayTest, RetryWithTheSameEventIdIsNotWrittenTwice) {
  StartGateway();
  gv1::PublishResponse first, again;
  ASSERT_TRUE(Publish(Json(R"({"first_name": "a", "last_name": "b"})", "same-id"), &first).ok());
  ASSERT_TRUE(Publish(Json(R"({"first_name": "a", "last_name": "b"})", "same-id"), &again).ok());
  EXPECT_FALSE(first.result().duplicate());
  EXPECT_TRUE(again.result().duplicate());
  EXPECT_EQ(again.result().zones(0).offset(), first.result().zones(0).offset());
  EXPECT_EQ(ConsumeAll(KafkaBootstrap(), Topic("Person"), 2, absl::Seconds(3)).size(), 1u);
}

// Points the eu cluster at an address where nothing listens (the topic exists already).
void BreakCluster(tv1::Topology::Stub& topo) {
  tv1::GetClusterRequest get;
  get.set_name("eu-1");
  tv1::Cluster eu;
  ASSERT_TRUE(topo.GetCluster(Context().get(), get, &eu).ok());
  tv1::UpdateClusterRequest upd;
  *upd.mutable_cluster() = eu;
  upd.mutable_cluster()->set_bootstrap_servers("127.0.0.1:1");
  ASSERT_TRUE(topo.UpdateCluster(Context().get(), upd, &eu).ok());
}

TEST_F(GatewayTest, UnreachableClusterIsUnavailableBeforeTheDeadline) {
  BreakCluster(*topo_);
  StartGateway();
  gv1::PublishResponse out;
  grpc::Status s = Publish(Json(R"({"first_name": "a", "last_name": "b"})", "lost-1"), &out,
                           /*timeout_ms=*/2000);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();
  EXPECT_NE(s.error_message().find("lost-1"), std::string::npos);
}

TEST_F(GatewayTest, ExpiredDeadlineIsDeadlineExceeded) {
  StartGateway();
  gv1::PublishResponse out;
  EXPECT_EQ(Publish(Json(R"({"first_name": "a", "last_name": "b"})"), &out, 0).error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
}

TEST_F(GatewayTest, FullLocalQueueIsResourceExhausted) {
  // One message fills the queue when the cluster never answers.
  BreakCluster(*topo_);
  GatewayOptions options;
  options.sink.queue_max_messages = 1;
  StartGateway(options);
  gv1::PublishResponse out;
  ASSERT_TRUE(Publish(Json(R"({"first_name": "a", "last_name": "b"})", "", gv1::ACK_ACCEPTED), &out)
                  .ok());
  EXPECT_EQ(Publish(Json(R"({"first_name": "a", "last_name": "b"})", "", gv1::ACK_ACCEPTED), &out)
                .error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
}

TEST_F(GatewayTest, AcceptedEventThatTimesOutIsCountedAndLogged) {
  BreakCluster(*topo_);
  GatewayOptions options;
  options.sink.message_timeout = absl::Seconds(1);
  ::testing::internal::CaptureStderr();
  GatewayServer& gw = StartGateway(options);
  gv1::PublishResponse out;
  grpc::Status s = Publish(Json(R"({"first_name": "a", "last_name": "b"})", "accepted-then-lost",
                                gv1::ACK_ACCEPTED),
                           &out);
  ASSERT_TRUE(s.ok()) << s.error_message();
  const std::string series =
      R"(causeway_gateway_accepted_lost_total{cluster="eu-1",reason="message_timeout"})";
  EXPECT_EQ(gw.WaitForMetric(series, 1), 1) << gw.metrics();
  const std::string logs = ::testing::internal::GetCapturedStderr();
  EXPECT_TRUE(HasLogLine(logs, {"ACCEPTED event lost", "\"accepted-then-lost\"", ns_,
                                 "\"message_timeout\"", "\"eu-1\""}))
      << logs;
}

TEST_F(GatewayTest, EventLargerThanKafkaAcceptsIsRefusedNamingTheLimit) {
  GatewayServer& gw = StartGateway();
  // 1.1 MB of JSON: within what the gateway parses, over message.max.bytes once encoded.
  const std::string big =
      R"({"first_name": ")" + std::string(1100000, 'x') + R"(", "last_name": "b"})";
  gv1::PublishResponse out;
  grpc::Status s = Publish(Json(big, "too-big"), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << s.error_message();
  EXPECT_NE(s.error_message().find("1000000 bytes"), std::string::npos) << s.error_message();
  EXPECT_NE(s.error_message().find("--message-max-bytes"), std::string::npos);

  HttpReply http = HttpPost(absl::StrCat("http://127.0.0.1:", gw.http_port(), "/v1/events/", ns_,
                                         "/Person"),
                            big, {"Content-Type: application/json", "Causeway-Producer-Id: p"});
  EXPECT_EQ(http.status, 413) << http.body << http.error;
  EXPECT_NE(http.body.find("1000000 bytes"), std::string::npos) << http.body.substr(0, 500);

  // A request gRPC would carry beyond what any event may be is not read at all.
  const std::string huge = R"({"first_name": ")" + std::string(5 << 20, 'x') + R"("})";
  s = Publish(Json(huge), &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << s.error_message();
  EXPECT_TRUE(ConsumeAll(KafkaBootstrap(), Topic("Person"), 1, absl::Seconds(2)).empty());
}

TEST_F(GatewayTest, FatalProducerErrorReplacesTheProducerAndReportsItsEvents) {
  GatewayServer& gw = StartGateway();
  gv1::PublishResponse out;
  ASSERT_TRUE(Publish(Json(R"({"first_name": "a", "last_name": "b"})", "before"), &out).ok());
  // ACCEPTED events queued while the fatal error strikes: each is either written or counted lost.
  constexpr int kQueued = 200;
  for (int i = 0; i < kQueued; ++i) {
    ASSERT_TRUE(Publish(Json(R"({"first_name": "a", "last_name": "b"})",
                             absl::StrCat("queued-", i), gv1::ACK_ACCEPTED),
                        &out)
                    .ok());
  }
  ASSERT_TRUE(gw.app().sink().InjectFatalErrorForTesting("eu-1").ok());
  // The next publish gets a new producer, which writes it.
  grpc::Status after;
  for (int i = 0; i < 50; ++i) {
    after = Publish(Json(R"({"first_name": "a", "last_name": "b"})", "after"), &out);
    if (after.ok()) break;
    absl::SleepFor(absl::Milliseconds(100));
  }
  EXPECT_TRUE(after.ok()) << after.error_message();
  EXPECT_EQ(MetricValue(gw.metrics(),
                        R"(causeway_gateway_producer_replacements_total{cluster="eu-1",reason="fatal"})"),
            1);
  std::set<std::string> written;
  for (const ConsumedMessage& m : ConsumeAll(KafkaBootstrap(), Topic("Person"), kQueued + 2)) {
    written.insert(m.headers.at("causeway-event-id"));
  }
  EXPECT_TRUE(written.count("before") && written.count("after"));
  double lost = 0;
  for (const char* reason : {"producer_fatal", "producer_closed"}) {
    lost += MetricValue(gw.metrics(), absl::StrCat(R"(causeway_gateway_accepted_lost_total{cluster="eu-1",reason=")",
                                                   reason, "\"}"));
  }
  EXPECT_GE(static_cast<double>(written.size() - 2) + lost, kQueued)
      << written.size() << " written, " << lost << " counted lost";
}

TEST_F(GatewayTest, KeepsPublishingWhenTopologyIsDownAndRestartsFromTheSnapshot) {
  StartGateway();
  topology_->Stop();
  gv1::PublishResponse out;
  grpc::Status s = Publish(Json(R"({"first_name": "a", "last_name": "b"})", "while-down"), &out);
  EXPECT_TRUE(s.ok()) << s.error_message();

  // A new gateway started while topology is down starts from the snapshot file.
  GatewayOptions options;
  options.snapshot_path = SnapshotPath();
  options.topology_address = topology_->address();
  gateway_.reset();
  gateway_ = std::make_unique<GatewayServer>(options);
  s = Publish(Json(R"({"first_name": "c", "last_name": "d"})", "after-restart"), &out);
  EXPECT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(ConsumeAll(KafkaBootstrap(), Topic("Person"), 2).size(), 2u);

  // With neither topology nor a snapshot there is nothing to route by.
  GatewayOptions none;
  none.topology_address = topology_->address();
  none.snapshot_path = SnapshotPath() + ".missing";
  gateway_ = std::make_unique<GatewayServer>(none);
  EXPECT_EQ(Publish(Json(R"({"first_name": "e", "last_name": "f"})"), &out).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(GatewayTest, BatchReportsEachEventOnItsOwn) {
  StartGateway();
  gv1::PublishBatchRequest batch;
  *batch.add_events() = Json(R"({"first_name": "a", "last_name": "b"})");
  *batch.add_events() = Json(R"({"first_name": 1})");
  *batch.add_events() = Json(R"({"first_name": "c", "last_name": "d", "age": 31})");
  gv1::PublishBatchResponse out;
  grpc::ClientContext ctx;
  ASSERT_TRUE(gateway_->stub().PublishBatch(&ctx, batch, &out).ok());
  ASSERT_EQ(out.results_size(), 3);
  EXPECT_EQ(out.results(0).code(), 0);
  EXPECT_EQ(out.results(1).code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_GE(out.results(1).violations_size(), 2);
  EXPECT_EQ(out.results(2).code(), 0);
  EXPECT_EQ(ConsumeAll(KafkaBootstrap(), Topic("Person"), 2).size(), 2u);
}

}  // namespace
}  // namespace causeway::testing
