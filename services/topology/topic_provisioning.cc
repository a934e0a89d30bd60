#include "topology/topic_provisioning.h"

#include "absl/strings/str_cat.h"
#include "common/core/errors.h"

namespace causeway::topology {

kafka::TopicSpec TopicSpecFor(const v1::EventType& event_type, const v1::Zone& zone,
                              kafka::ExistingTopic existing) {
  kafka::TopicSpec spec;
  spec.name = event_type.topic();
  spec.partitions = event_type.partitions();
  // 0: a zone from before migration 0005 that has no factor yet (the broker's default).
  if (zone.replication_factor() > 0) {
    spec.replication_factor = static_cast<int16_t>(zone.replication_factor());
  }
  spec.min_insync_replicas = zone.min_insync_replicas();
  if (zone.retention_ms() != 0) spec.config["retention.ms"] = absl::StrCat(zone.retention_ms());
  spec.existing = existing;
  return spec;
}

kafka::ClusterConnection ConnectionOf(const v1::Cluster& cluster) {
  kafka::ClusterConnection conn;
  conn.bootstrap_servers = cluster.bootstrap_servers();
  conn.properties.insert(cluster.client_properties().begin(), cluster.client_properties().end());
  return conn;
}

TopicProvisioner MakeTopicProvisioner(kafka::TopicAdmin* admin) {
  return [admin](const v1::EventType& et, const v1::Zone& zone, const v1::Cluster& cluster,
                 kafka::ExistingTopic existing) {
    absl::Status created =
        admin->CreateTopic(ConnectionOf(cluster), TopicSpecFor(et, zone, existing));
    if (existing == kafka::ExistingTopic::kRefuse && absl::IsAlreadyExists(created)) {
      // Not the event type's: something else may write to it, so it is not Causeway's to use.
      created = absl::FailedPreconditionError(absl::StrCat(
          created.message(), "; Causeway did not create it for this event type: an admin who "
          "knows it is the event type's may adopt it (adopt_existing_topic, CLI "
          "--adopt-existing-topic)"));
    }
    // A subscription's topic comes as an EventType without a namespace (see TopicProvisioner).
    return Annotate(created, et.namespace_().empty()
                                 ? absl::StrCat("creating topic \"", et.topic(), "\" on cluster \"",
                                                cluster.name(), "\"")
                                 : absl::StrCat("placing ", et.namespace_(), "/", et.name(),
                                                " on cluster \"", cluster.name(), "\""));
  };
}

}  // namespace causeway::topology
