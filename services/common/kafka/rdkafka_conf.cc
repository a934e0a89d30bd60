#include "common/kafka/rdkafka_conf.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/core/log.h"
#include "common/kafka/client_properties.h"

namespace causeway::kafka {

absl::StatusOr<RdKafkaConfPtr> NewClusterConf(absl::string_view cluster_label,
                                              const ClusterConnection& cluster,
                                              const OwnSettings& own) {
  // Checked again where they are used: a cluster stored before the allow-list existed (or written
  // to the database by hand) must not load code into this process (plugin.library.paths,
  // sasl.kerberos.kinit.cmd). Delivery settings could not win anyway: `own` is applied last.
  for (const auto& entry : cluster.properties) {
    if (entry.first != "bootstrap.servers" && !IsAllowedClientProperty(entry.first)) {
      return absl::FailedPreconditionError(
          absl::StrCat(cluster_label, ": client property \"", entry.first,
                       "\" is not allowed (fix the cluster with UpdateCluster)"));
    }
  }
  absl::StatusOr<ClientProperties> resolved = ResolveClientProperties(cluster.properties);
  if (!resolved.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat(cluster_label, ": ", resolved.status().message()));
  }
  resolved->erase("bootstrap.servers");

  RdKafkaConfPtr conf(rd_kafka_conf_new());
  char errstr[512];
  auto set = [&](const std::string& key, const std::string& value) -> absl::Status {
    if (rd_kafka_conf_set(conf.get(), key.c_str(), value.c_str(), errstr, sizeof errstr) ==
        RD_KAFKA_CONF_OK) {
      return absl::OkStatus();
    }
    std::string reason = errstr;
    // librdkafka's reason may quote the value ("Invalid value \"...\""): never a secret's.
    if (IsSecretClientProperty(key) && !value.empty()) {
      reason = absl::StrReplaceAll(reason, {{value, "<secret>"}});
    }
    return absl::InvalidArgumentError(
        absl::StrCat(cluster_label, ": client property \"", key, "\": ", reason));
  };
  for (const auto& [key, value] : *resolved) {
    if (absl::Status s = set(key, value); !s.ok()) return s;
  }
  for (const auto& [key, value] : own) {
    if (absl::Status s = set(key, value); !s.ok()) return s;
  }
  if (absl::Status s = set("bootstrap.servers", cluster.bootstrap_servers); !s.ok()) return s;
  return conf;
}

void LogClientLine(absl::string_view cluster, int syslog_level, absl::string_view facility,
                   absl::string_view text) {
  const log::Level level = syslog_level <= 3   ? log::Level::kError
                           : syslog_level == 4 ? log::Level::kWarn
                           : syslog_level <= 6 ? log::Level::kInfo
                                               : log::Level::kDebug;
  log::Write(level, text,
             {{"cluster", std::string(cluster)}, {"facility", std::string(facility)},
              {"source", "librdkafka"}});
}

void LogClientError(absl::string_view cluster, rd_kafka_resp_err_t err, absl::string_view reason) {
  const bool severe = err == RD_KAFKA_RESP_ERR__FATAL || err == RD_KAFKA_RESP_ERR__AUTHENTICATION ||
                      err == RD_KAFKA_RESP_ERR__SSL ||
                      err == RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED ||
                      err == RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED ||
                      err == RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED;
  log::Write(severe ? log::Level::kError : log::Level::kWarn, "Kafka client error",
             {{"cluster", std::string(cluster)},
              {"error", rd_kafka_err2name(err)},
              {"reason", std::string(reason)},
              {"source", "librdkafka"}});
}

}  // namespace causeway::kafka
