// The pure parts of the HTTP door: the batch body and the status mapping.
#include <gtest/gtest.h>

#include "gateway/server/http_batch_body.h"
#include "gateway/server/http_publish.h"

namespace causeway::gateway {
namespace {

std::string Error(std::string_view body) {
  auto parsed = ParseBatchBody(body, 3);
  EXPECT_FALSE(parsed.ok());
  EXPECT_EQ(parsed.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(parsed.status().message());
}

TEST(HttpBatchBody, ReadsEveryMemberAndKeepsThePayloadAsJson) {
  auto parsed = ParseBatchBody(R"({"events": [
      {"namespace": "mfp", "event_type": "Person", "payload": {"first_name": "Paul", "age": 3},
       "event_id": "e1", "key": "k", "schema_id": "7", "traceparent": "00-ab", "producer_id": "p"},
      {"namespace": "mfp", "event_type": "Person", "payload": [1, 2]}]})",
                               3);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  ASSERT_EQ(parsed->size(), 2u);
  const v1::PublishRequest& e = (*parsed)[0];
  EXPECT_EQ(e.namespace_(), "mfp");
  EXPECT_EQ(e.event_type(), "Person");
  EXPECT_EQ(e.json(), R"({"first_name":"Paul","age":3})");
  EXPECT_EQ(e.event_id(), "e1");
  EXPECT_EQ(e.key(), "k");
  EXPECT_EQ(e.schema_id(), "7");
  EXPECT_EQ(e.traceparent(), "00-ab");
  EXPECT_EQ(e.producer_id(), "p");
  EXPECT_EQ((*parsed)[1].json(), "[1,2]");
}

TEST(HttpBatchBody, FaultsNameTheirPath) {
  EXPECT_EQ(Error("nope").rfind("$: invalid JSON: ", 0), 0u);
  EXPECT_EQ(Error("[]"), "$: expected an object with \"events\", got []");
  EXPECT_EQ(Error("{}"), "$.events: required");
  EXPECT_EQ(Error(R"({"events": {}})"), "$.events: expected an array, got {}");
  EXPECT_EQ(Error(R"({"events": []})"), "$.events: empty");
  EXPECT_EQ(Error(R"({"events": [], "extra": 1})"), "$.extra: unknown member");
  EXPECT_EQ(Error(R"({"events": [1,2,3,4]})"), "$.events: at most 3 events, got 4");
  EXPECT_EQ(Error(R"({"events": [7]})"), "$.events[0]: expected an object, got 7");
  EXPECT_EQ(Error(R"({"events": [{"namespace": "a", "event_type": "B", "payload": 1},
                                 {"namespace": 12}]})"),
            "$.events[1].namespace: expected string, got 12");
  EXPECT_EQ(Error(R"({"events": [{"namespace": "a", "event_type": "B", "payload": 1,
                                  "eventId": "x"}]})"),
            "$.events[0].eventId: unknown member");
  EXPECT_EQ(Error(R"({"events": [{"namespace": "a", "payload": 1}]})"),
            "$.events[0].event_type: required");
  EXPECT_EQ(Error(R"({"events": [{"namespace": "a", "event_type": "B"}]})"),
            "$.events[0].payload: required");
}

TEST(HttpStatus, EveryOutcomeMapsToItsStatus) {
  auto with = [](absl::StatusCode code) {
    v1::PublishResult r;
    r.set_code(static_cast<int>(code));
    return r;
  };
  EXPECT_EQ(HttpStatusOf(with(absl::StatusCode::kOk), v1::ACK_PERSISTED), 201);
  EXPECT_EQ(HttpStatusOf(with(absl::StatusCode::kOk), v1::ACK_ACCEPTED), 202);
  EXPECT_EQ(HttpStatusOf(with(absl::StatusCode::kInvalidArgument), v1::ACK_PERSISTED), 400);
  EXPECT_EQ(HttpStatusOf(with(absl::StatusCode::kUnauthenticated), v1::ACK_PERSISTED), 401);
  EXPECT_EQ(HttpStatusOf(with(absl::StatusCode::kPermissionDenied), v1::ACK_PERSISTED), 403);
  EXPECT_EQ(HttpStatusOf(with(absl::StatusCode::kNotFound), v1::ACK_PERSISTED), 404);
  EXPECT_EQ(HttpStatusOf(with(absl::StatusCode::kFailedPrecondition), v1::ACK_PERSISTED), 409);
  EXPECT_EQ(HttpStatusOf(with(absl::StatusCode::kAlreadyExists), v1::ACK_PERSISTED), 409)
      << "an event id reused for another event";
  EXPECT_EQ(HttpStatusOf(with(absl::StatusCode::kResourceExhausted), v1::ACK_ACCEPTED), 429);
  EXPECT_EQ(HttpStatusOf(with(absl::StatusCode::kUnavailable), v1::ACK_PERSISTED), 503);
  EXPECT_EQ(HttpStatusOf(with(absl::StatusCode::kDeadlineExceeded), v1::ACK_PERSISTED), 504);
  EXPECT_EQ(HttpStatusOf(with(absl::StatusCode::kInternal), v1::ACK_PERSISTED), 500);
}

}  // namespace
}  // namespace causeway::gateway
