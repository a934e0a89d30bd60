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

}  // namespace
}  // namespace causeway::testing
