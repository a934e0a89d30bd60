#pragma once
// The one way a Causeway process configures a librdkafka client of a cluster: the cluster's client
// properties with their secret references resolved here (ResolveClientProperties), then the
// client's own settings, then the cluster's bootstrap servers. Own settings come last so that a
// cluster's properties can never change what the service guarantees (acks, idempotence, groups).
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/kafka/cluster_connection.h"
#include "librdkafka/rdkafka.h"

namespace causeway::kafka {

struct RdKafkaConfDeleter {
  void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
};
// Owns a configuration until rd_kafka_new takes it: release() it once rd_kafka_new succeeded.
using RdKafkaConfPtr = std::unique_ptr<rd_kafka_conf_t, RdKafkaConfDeleter>;

// The client's own librdkafka settings, applied in order.
using OwnSettings = std::vector<std::pair<std::string, std::string>>;

// Errors lead with `cluster_label` (e.g. `cluster "eu-1"`): FAILED_PRECONDITION naming the property
// and the file or variable when a reference does not resolve; INVALID_ARGUMENT naming the property
// when librdkafka refuses it, with librdkafka's reason (a secret's value in it replaced by
// `<secret>`).
// A `bootstrap.servers` among the properties is ignored in favour of cluster.bootstrap_servers.
absl::StatusOr<RdKafkaConfPtr> NewClusterConf(absl::string_view cluster_label,
                                              const ClusterConnection& cluster,
                                              const OwnSettings& own);

// librdkafka's log lines (its log_cb) of a client of `cluster`, into the JSON log: syslog levels
// 0-3 are error, 4 warn, 5-6 info, 7 debug; fields `cluster` and `facility`. Any thread.
void LogClientLine(absl::string_view cluster, int syslog_level, absl::string_view facility,
                   absl::string_view text);
// An error event (its error_cb) of a client of `cluster`, into the JSON log: error level for
// fatal errors and failed authentication, warn otherwise; fields `cluster`, `error` (the code's
// name) and `reason` (librdkafka's text).
void LogClientError(absl::string_view cluster, rd_kafka_resp_err_t err, absl::string_view reason);

}  // namespace causeway::kafka
