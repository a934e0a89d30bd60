#include "common/kafka/rdkafka_client.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/kafka/rdkafka_conf.h"
#include "common/kafka/rdkafka_errors.h"

namespace causeway::kafka {
namespace {

// Causeway's own settings, applied after the cluster's properties so that those cannot change them.
// Disconnects are routine (idle brokers close connections) and are not worth an error event.
const OwnSettings& CausewaySettings() {
  static const auto* own = new OwnSettings{{"log.connection.close", "false"}};
  return *own;
}

// librdkafka's own log lines are dropped: every failure that matters reaches the caller as a status
// carrying librdkafka's reason, and a library must not write to the service's stderr.
void DiscardLog(const rd_kafka_t*, int, const char*, const char*) {}

bool IsConnectivityError(int err) {
  return err == RD_KAFKA_RESP_ERR__TRANSPORT || err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN ||
         err == RD_KAFKA_RESP_ERR__RESOLVE || err == RD_KAFKA_RESP_ERR__AUTHENTICATION ||
         err == RD_KAFKA_RESP_ERR__SSL;
}

}  // namespace

absl::StatusOr<std::unique_ptr<RdKafkaClient>> RdKafkaClient::Create(
    const ClusterConnection& cluster, rd_kafka_type_t type) {
  if (cluster.bootstrap_servers.empty()) {
    return absl::InvalidArgumentError("cluster.bootstrap_servers: must not be empty");
  }
  std::unique_ptr<RdKafkaClient> client(
      new RdKafkaClient(absl::StrCat("cluster ", cluster.bootstrap_servers)));

  absl::StatusOr<RdKafkaConfPtr> conf_or =
      NewClusterConf(client->cluster_name_, cluster, CausewaySettings());
  if (!conf_or.ok()) return conf_or.status();
  rd_kafka_conf_t* conf = conf_or->get();
  char errstr[512];
  rd_kafka_conf_set_opaque(conf, client.get());
  rd_kafka_conf_set_error_cb(conf, &RdKafkaClient::OnError);
  rd_kafka_conf_set_log_cb(conf, &DiscardLog);

  // rd_kafka_new takes the conf only when it succeeds.
  client->handle_ = rd_kafka_new(type, conf, errstr, sizeof errstr);
  if (client->handle_ == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(client->cluster_name_, ": cannot create a Kafka client: ", errstr));
  }
  conf_or->release();
  return client;
}

RdKafkaClient::~RdKafkaClient() {
  if (handle_ != nullptr) rd_kafka_destroy(handle_);
}

void RdKafkaClient::ServeEvents() { rd_kafka_poll(handle_, 0); }

void RdKafkaClient::OnError(rd_kafka_t*, int err, const char* reason, void* opaque) {
  auto* self = static_cast<RdKafkaClient*>(opaque);
  if (!IsConnectivityError(err)) return;
  // "1/1 brokers are down" says less than the transport error that preceded it: keep that one.
  if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN && self->connectivity_error_.has_value()) return;
  self->connectivity_error_ =
      reason != nullptr ? reason : rd_kafka_err2str(static_cast<rd_kafka_resp_err_t>(err));
}

absl::Status RdKafkaClient::FailureStatus(rd_kafka_resp_err_t err, absl::string_view action,
                                          absl::string_view detail) {
  ServeEvents();
  if (IsTimeoutOrTransport(err) && connectivity_error_.has_value()) {
    return absl::UnavailableError(absl::StrCat(action, ": unreachable: ", *connectivity_error_));
  }
  return KafkaError(err, action, detail);
}

int RemainingMs(absl::Time deadline) {
  return static_cast<int>(
      std::max<int64_t>(0, absl::ToInt64Milliseconds(deadline - absl::Now())));
}

}  // namespace causeway::kafka
