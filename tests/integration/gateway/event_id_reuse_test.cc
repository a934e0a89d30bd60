// An event id is the identity of one event: reusing it for another event is refused, never
// answered as a duplicate of the first (which would lose the second silently), while a true retry
// is still answered without a second write. Real PostgreSQL, topology, broker and gateway.
#include "gateway_fixture.h"
#include "support/http_client.h"

namespace causeway::testing {
namespace {

constexpr char kCreated[] = R"({"first_name": "Ada", "last_name": "Lovelace"})";
constexpr char kPaid[] = R"({"first_name": "Ada", "last_name": "Byron"})";

TEST_F(GatewayTest, EventIdReusedForAnotherPayloadIsAlreadyExistsAndOnlyTheFirstIsWritten) {
  StartGateway();
  gv1::PublishResponse first, again;
  ASSERT_TRUE(Publish(Json(kCreated, "order-42"), &first).ok());

  gv1::PublishResponse reused;
  grpc::Status s = Publish(Json(kPaid, "order-42"), &reused);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS) << s.error_message();
  EXPECT_NE(s.error_message().find("\"order-42\""), std::string::npos) << s.error_message();

  // The HTTP door says 409 Conflict with the same result.
  HttpReply http = HttpPost(
      absl::StrCat("http://127.0.0.1:", gateway_->http_port(), "/v1/events/", ns_, "/Person"),
      kPaid,
      {"Content-Type: application/json", "Causeway-Event-Id: order-42",
       "Causeway-Producer-Id: test-producer"});
  EXPECT_EQ(http.status, 409) << http.body << http.error;
  EXPECT_NE(http.body.find("order-42"), std::string::npos) << http.body;

  // A true retry is still a duplicate of the first.
  ASSERT_TRUE(Publish(Json(kCreated, "order-42"), &again).ok());
  EXPECT_TRUE(again.result().duplicate());
  ASSERT_EQ(again.result().zones_size(), 1);
  EXPECT_EQ(again.result().zones(0).offset(), first.result().zones(0).offset());

  auto messages = ConsumeAll(KafkaBootstrap(), Topic("Person"), 2, absl::Seconds(3));
  ASSERT_EQ(messages.size(), 1u) << "only the first event is in Kafka";
  EXPECT_EQ(messages[0].headers.at("causeway-event-id"), "order-42");
  EXPECT_EQ(messages[0].offset, first.result().zones(0).offset());
}

TEST_F(GatewayTest, SameEventIdForAnotherEventTypeIsWrittenToo) {
  CreateEventType("PersonPaid");
  RegisterAndActivate("PersonPaid", kPerson);
  Place("PersonPaid", "eu");
  StartGateway();
  gv1::PublishResponse created, paid;
  ASSERT_TRUE(Publish(Json(kCreated, "order-42"), &created).ok());
  auto second = Json(kPaid, "order-42");
  second.set_event_type("PersonPaid");
  grpc::Status s = Publish(second, &paid);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_FALSE(paid.result().duplicate());
  EXPECT_EQ(ConsumeAll(KafkaBootstrap(), Topic("Person"), 1).size(), 1u);
  EXPECT_EQ(ConsumeAll(KafkaBootstrap(), Topic("PersonPaid"), 1).size(), 1u)
      << "the second event type's event is its own";
}

// Zone us's cluster points at `bootstrap` (its placement was recorded while it was reachable).
void PointClusterAt(tv1::Topology::Stub& topo, const std::string& cluster,
                    const std::string& bootstrap) {
  tv1::GetClusterRequest get;
  get.set_name(cluster);
  tv1::Cluster c;
  ASSERT_TRUE(topo.GetCluster(Context().get(), get, &c).ok());
  tv1::UpdateClusterRequest upd;
  *upd.mutable_cluster() = c;
  upd.mutable_cluster()->set_bootstrap_servers(bootstrap);
  ASSERT_TRUE(topo.UpdateCluster(Context().get(), upd, &c).ok());
}

TEST_F(GatewayTest, RetryAfterAPartialFailureWritesOnlyTheZoneThatFailed) {
  // Both zones' clusters are the one test broker, so the topic holds one copy per zone written.
  AddZone("us", KafkaBootstrap());
  Place("Person", "us");
  PointClusterAt(*topo_, "us-1", "127.0.0.1:1");
  GatewayOptions options;
  options.sink.message_timeout = absl::Seconds(2);
  StartGateway(options);
  gv1::PublishResponse failed;
  grpc::Status s = Publish(Json(kCreated, "order-7"), &failed);
  ASSERT_EQ(s.error_code(), grpc::StatusCode::UNAVAILABLE) << s.error_message();

  PointClusterAt(*topo_, "us-1", KafkaBootstrap());
  CatchUp(*gateway_);
  gv1::PublishResponse retried;
  s = Publish(Json(kCreated, "order-7"), &retried);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(retried.result().zones_size(), 2);
  auto messages = ConsumeAll(KafkaBootstrap(), Topic("Person"), 3, absl::Seconds(3));
  EXPECT_EQ(messages.size(), 2u) << "eu once (first attempt), us once (the retry)";
}

}  // namespace
}  // namespace causeway::testing
