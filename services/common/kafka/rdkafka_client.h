#pragma once
// A librdkafka client handle configured from a ClusterConnection. It remembers why the cluster
// could not be reached (connection refused, unresolvable name, all brokers down), so that a request
// that timed out can be reported as UNAVAILABLE with that reason instead of a bare "timed out".
//
// Threads: librdkafka's own threads only queue error events; the one thread that owns an
// RdKafkaClient serves them (ServeEvents) and reads what they recorded. Not shared between threads.
#include <memory>
#include <optional>
#include <string>
#include "absl/strings/string_view.h"

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/kafka/cluster_connection.h"
#include "librdkafka/rdkafka.h"

namespace causeway::kafka {

class RdKafkaClient {
 public:
  // Resolves the cluster's secret references (ResolveClientProperties) and applies its properties,
  // then Causeway's own settings and bootstrap.servers, which the properties cannot override.
  // FAILED_PRECONDITION naming the cluster and the property when a reference does not resolve;
  // INVALID_ARGUMENT naming them when librdkafka refuses a property (never quoting a secret).
  static absl::StatusOr<std::unique_ptr<RdKafkaClient>> Create(const ClusterConnection& cluster,
                                                               rd_kafka_type_t type);
  ~RdKafkaClient();
  RdKafkaClient(const RdKafkaClient&) = delete;
  RdKafkaClient& operator=(const RdKafkaClient&) = delete;

  rd_kafka_t* handle() const { return handle_; }

  // "cluster <bootstrap servers>": how every message names the cluster.
  const std::string& cluster_name() const { return cluster_name_; }

  // Serves the error events librdkafka has queued, without blocking.
  void ServeEvents();

  // The status of a failed request: `<action>: unreachable: <reason>` with UNAVAILABLE when err
  // only says "no answer" (timeout, transport) and librdkafka reported that the cluster could not
  // be reached; otherwise KafkaError(err, action, detail). OK for RD_KAFKA_RESP_ERR_NO_ERROR.
  // Actions name the cluster (cluster_name()), so every message does.
  absl::Status FailureStatus(rd_kafka_resp_err_t err, absl::string_view action,
                             absl::string_view detail);

 private:
  explicit RdKafkaClient(std::string cluster_name) : cluster_name_(std::move(cluster_name)) {}
  static void OnError(rd_kafka_t* handle, int err, const char* reason, void* opaque);

  const std::string cluster_name_;
  rd_kafka_t* handle_ = nullptr;
  // The last connectivity error librdkafka reported, e.g. "Connect to ipv4#127.0.0.1:1 failed".
  std::optional<std::string> connectivity_error_;
};

// Milliseconds left until the deadline, 0 once it has passed: librdkafka's timeout arguments.
int RemainingMs(absl::Time deadline);

}  // namespace causeway::kafka
