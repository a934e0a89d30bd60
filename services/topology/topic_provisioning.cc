#include "topology/topic_provisioning.h"

#include "absl/strings/str_cat.h"
#include "common/core/errors.h"

namespace causeway::topology {

kafka::TopicSpec TopicSpecFor(const v1::EventType& event_type, const v1::Zone& zone) {
  kafka::TopicSpec spec;
  spec.name = event_type.topic();
  spec.partitions = event_type.partitions();
  if (zone.retention_ms() != 0) spec.config["retention.ms"] = absl::StrCat(zone.retention_ms());
  return spec;
}

kafka::ClusterConnection ConnectionOf(const v1::Cluster& cluster) {
  kafka::ClusterConnection conn;
  conn.bootstrap_servers = cluster.bootstrap_servers();
  conn.properties.insert(cluster.client_properties().begin(), cluster.client_properties().end());
  return conn;
}

TopicProvisioner MakeTopicProvisioner(kafka::TopicAdmin* admin) {
  return [admin](const v1::EventType& et, const v1::Zone& zone, const v1::Cluster& cluster) {
    return Annotate(admin->CreateTopic(ConnectionOf(cluster), TopicSpecFor(et, zone)),
                    absl::StrCat("placing ", et.namespace_(), "/", et.name(), " on cluster \"",
                                 cluster.name(), "\""));
  };
}

}  // namespace causeway::topology
