#include "relay/core/response_classifier.h"

#include <gtest/gtest.h>

namespace causeway::relay {
namespace {

HttpResult Status(int status, std::string retry_after = "") {
  HttpResult r;
  r.transport = Transport::kCompleted;
  r.status = status;
  r.retry_after = std::move(retry_after);
  return r;
}

HttpResult Failed(Transport transport) {
  HttpResult r;
  r.transport = transport;
  r.error = "boom";
  return r;
}

Outcome OutcomeOf(const HttpResult& r, bool retry_client_errors = false) {
  return Classify(r, retry_client_errors).outcome;
}

TEST(ResponseClassifierTest, TwoHundredsAreDelivered) {
  for (int s : {200, 201, 202, 204, 299}) EXPECT_EQ(OutcomeOf(Status(s)), Outcome::kDelivered) << s;
  EXPECT_EQ(Classify(Status(204), false).status_class, StatusClass::k2xx);
}

TEST(ResponseClassifierTest, ServerErrorsRetry) {
  for (int s : {500, 502, 504, 599}) EXPECT_EQ(OutcomeOf(Status(s)), Outcome::kRetry) << s;
  EXPECT_EQ(Classify(Status(502), false).status_class, StatusClass::k5xx);
}

TEST(ResponseClassifierTest, TooManyRequestsAndUnavailableHonourRetryAfter) {
  EXPECT_EQ(OutcomeOf(Status(429, "10")), Outcome::kRetryAfter);
  EXPECT_EQ(OutcomeOf(Status(503, "10")), Outcome::kRetryAfter);
  EXPECT_EQ(OutcomeOf(Status(429)), Outcome::kRetry);
  EXPECT_EQ(OutcomeOf(Status(503)), Outcome::kRetry);
  EXPECT_EQ(OutcomeOf(Status(500, "10")), Outcome::kRetry);  // only 429/503 carry it
}

TEST(ResponseClassifierTest, RetryableClientErrorsRetry) {
  for (int s : {408, 409, 425}) EXPECT_EQ(OutcomeOf(Status(s)), Outcome::kRetry) << s;
}

TEST(ResponseClassifierTest, OtherClientErrorsDeadLetterAtOnce) {
  for (int s : {400, 401, 403, 404, 413, 422}) {
    EXPECT_EQ(OutcomeOf(Status(s)), Outcome::kDeadLetter) << s;
  }
  EXPECT_EQ(Classify(Status(404), false).status_class, StatusClass::k4xx);
}

TEST(ResponseClassifierTest, RetryClientErrorsRetriesThemInstead) {
  for (int s : {400, 404, 422, 301}) EXPECT_EQ(OutcomeOf(Status(s), true), Outcome::kRetry) << s;
  EXPECT_EQ(OutcomeOf(Status(410), true), Outcome::kSuspend);  // never retried
}

TEST(ResponseClassifierTest, GoneSuspendsTheSubscription) {
  EXPECT_EQ(OutcomeOf(Status(410)), Outcome::kSuspend);
}

TEST(ResponseClassifierTest, RedirectsAreNotFollowedAndDeadLetterAsClientErrors) {
  for (int s : {301, 302, 307, 308}) EXPECT_EQ(OutcomeOf(Status(s)), Outcome::kDeadLetter) << s;
  EXPECT_EQ(Classify(Status(302), false).status_class, StatusClass::k3xx);
}

TEST(ResponseClassifierTest, TransportFailuresRetryWithTheirClass) {
  EXPECT_EQ(Classify(Failed(Transport::kTimedOut), false).status_class, StatusClass::kTimeout);
  EXPECT_EQ(Classify(Failed(Transport::kConnectFailed), false).status_class,
            StatusClass::kConnectError);
  EXPECT_EQ(Classify(Failed(Transport::kAddressRefused), false).status_class,
            StatusClass::kRefusedAddress);
  EXPECT_EQ(Classify(Failed(Transport::kFailed), false).status_class,
            StatusClass::kTransportError);
  for (Transport t : {Transport::kTimedOut, Transport::kConnectFailed, Transport::kAddressRefused,
                      Transport::kFailed}) {
    EXPECT_EQ(OutcomeOf(Failed(t)), Outcome::kRetry);
    EXPECT_EQ(Classify(Failed(t), false).http_status, 0);
  }
}

TEST(ResponseClassifierTest, ImpossibleStatusesAreClientErrors) {
  EXPECT_EQ(OutcomeOf(Status(101)), Outcome::kDeadLetter);
  EXPECT_EQ(Classify(Status(700), false).status_class, StatusClass::kOtherStatus);
}

TEST(ResponseClassifierTest, LabelsForMetricsAndDeadLetters) {
  EXPECT_EQ(StatusClassLabel(StatusClass::k2xx), "2xx");
  EXPECT_EQ(StatusClassLabel(StatusClass::k4xx), "4xx");
  EXPECT_EQ(StatusClassLabel(StatusClass::k5xx), "5xx");
  EXPECT_EQ(StatusClassLabel(StatusClass::kTimeout), "timeout");
  EXPECT_EQ(StatusClassLabel(StatusClass::kConnectError), "connect_error");
  EXPECT_EQ(StatusClassLabel(StatusClass::kRefusedAddress), "refused_address");
  EXPECT_EQ(LastStatusText(Classify(Status(404), false)), "404");
  EXPECT_EQ(LastStatusText(Classify(Failed(Transport::kTimedOut), false)), "timeout");
}

}  // namespace
}  // namespace causeway::relay
