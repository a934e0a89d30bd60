// What a publisher is told when the gateway's producer fails: the gateway's own Kafka faults never
// read as the publisher's credentials or permissions.
#include "common/kafka/rdkafka_errors.h"

#include <gtest/gtest.h>

namespace causeway::kafka {
namespace {

TEST(ProducerError, GatewaySideCredentialAndAuthorizationFaultsAreUnavailable) {
  for (rd_kafka_resp_err_t err :
       {RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED, RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED,
        RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED, RD_KAFKA_RESP_ERR__AUTHENTICATION,
        RD_KAFKA_RESP_ERR__SSL, RD_KAFKA_RESP_ERR__TRANSPORT, RD_KAFKA_RESP_ERR__MSG_TIMED_OUT,
        RD_KAFKA_RESP_ERR__FATAL, RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART,
        RD_KAFKA_RESP_ERR_NOT_ENOUGH_REPLICAS}) {
    const absl::Status s = ProducerError(err, "eu-1");
    EXPECT_EQ(s.code(), absl::StatusCode::kUnavailable) << rd_kafka_err2name(err);
    EXPECT_NE(s.message().find("cluster \"eu-1\""), std::string::npos) << s.message();
    EXPECT_NE(s.message().find(rd_kafka_err2name(err)), std::string::npos) << s.message();
    EXPECT_NE(s.message().find("gateway's side"), std::string::npos) << s.message();
  }
}

TEST(ProducerError, GatewayConfigurationFaultsAreInternal) {
  for (rd_kafka_resp_err_t err : {RD_KAFKA_RESP_ERR_INVALID_CONFIG,
                                  RD_KAFKA_RESP_ERR__UNSUPPORTED_FEATURE,
                                  RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION}) {
    EXPECT_EQ(ProducerError(err, "eu-1").code(), absl::StatusCode::kInternal)
        << rd_kafka_err2name(err);
  }
}

TEST(ProducerError, EventTheClusterRefusesIsInvalidArgumentAndAFullQueueResourceExhausted) {
  EXPECT_EQ(ProducerError(RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE, "eu-1").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ProducerError(RD_KAFKA_RESP_ERR__QUEUE_FULL, "eu-1").code(),
            absl::StatusCode::kResourceExhausted);
  EXPECT_TRUE(ProducerError(RD_KAFKA_RESP_ERR_NO_ERROR, "eu-1").ok());
}

}  // namespace
}  // namespace causeway::kafka
