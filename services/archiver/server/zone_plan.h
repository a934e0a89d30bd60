#pragma once
// ZonePlan: what one zone's archiver reads, from a topology view — the zone's clusters, each with
// the topics of the event types placed there, and every schema of those event types by Confluent
// global id (the writer schema a record's framing names). Rebuilt for every view; pure.
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "archiver/server/partition_archiver.h"
#include "common/kafka/cluster_connection.h"
#include "common/topology/topology_view.h"

namespace causeway::archiver {

struct ArchivedTopic {
  std::string topic;
  std::string ns;
  std::string event_type;
};

struct ClusterPlan {
  std::string cluster;
  kafka::ClusterConnection connection;
  std::vector<ArchivedTopic> topics;  // sorted by topic
};

struct ZonePlan {
  bool exists = false;
  bool archived = false;
  std::map<std::string, ClusterPlan> clusters;       // by cluster name
  absl::flat_hash_map<int32_t, ArchiveSchema> schemas;  // by global id
  // The event type a topic of `cluster` holds (nullptr when none of the zone's).
  const ArchivedTopic* TopicOf(const std::string& cluster, const std::string& topic) const;
  const ArchiveSchema* SchemaOf(int32_t global_id) const;
};

std::shared_ptr<const ZonePlan> PlanZone(const topology::TopologyView& view,
                                         const std::string& zone);

}  // namespace causeway::archiver
