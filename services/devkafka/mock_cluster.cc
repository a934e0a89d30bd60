#include "devkafka/mock_cluster.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "librdkafka/rdkafka.h"
#include "librdkafka/rdkafka_mock.h"

namespace causeway::devkafka {
namespace {

// The handle only keeps the mock's books; its own log lines ("no bootstrap.servers") are noise.
void DiscardLog(const rd_kafka_t*, int, const char*, const char*) {}

}  // namespace

absl::StatusOr<std::unique_ptr<MockCluster>> MockCluster::Create(int brokers) {
  if (brokers < 1) return absl::InvalidArgumentError("--brokers: must be at least 1");
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set_log_cb(conf, &DiscardLog);
  char errstr[512];
  rd_kafka_t* handle = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
  if (handle == nullptr) {
    rd_kafka_conf_destroy(conf);
    return absl::InternalError(absl::StrCat("cannot create the mock's client handle: ", errstr));
  }
  rd_kafka_mock_cluster_t* cluster = rd_kafka_mock_cluster_new(handle, brokers);
  if (cluster == nullptr) {
    rd_kafka_destroy(handle);
    return absl::InternalError("cannot create the mock cluster (no free loopback port?)");
  }
  return std::unique_ptr<MockCluster>(new MockCluster(handle, cluster, brokers));
}

MockCluster::~MockCluster() {
  // The mock must go before the handle that keeps its books.
  rd_kafka_mock_cluster_destroy(cluster_);
  rd_kafka_destroy(handle_);
}

std::string MockCluster::bootstrap_servers() const {
  return rd_kafka_mock_cluster_bootstraps(cluster_);
}

MockCluster::BrokerAddress MockCluster::first_broker() const {
  // The mock's list is always "127.0.0.1:<port>,..." with broker 1 first.
  const std::vector<std::string> brokers = absl::StrSplit(bootstrap_servers(), ',');
  const std::string& first = brokers.front();
  const size_t colon = first.rfind(':');
  BrokerAddress address{first.substr(0, colon), 0};
  uint32_t port = 0;
  if (colon != std::string::npos && absl::SimpleAtoi(first.substr(colon + 1), &port)) {
    address.port = static_cast<uint16_t>(port);
  }
  return address;
}

absl::Status MockCluster::CreateTopic(absl::string_view name, int partitions,
                                      int replication_factor) {
  const std::string topic(name);
  const rd_kafka_resp_err_t err =
      rd_kafka_mock_topic_create(cluster_, topic.c_str(), partitions, replication_factor);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return absl::InternalError(
        absl::StrCat("creating topic \"", name, "\" in the mock: ", rd_kafka_err2str(err)));
  }
  return absl::OkStatus();
}

}  // namespace causeway::devkafka
