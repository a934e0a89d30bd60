#include "common/kafka/rdkafka_conf.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
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

}  // namespace causeway::kafka
