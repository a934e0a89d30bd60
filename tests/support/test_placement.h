#pragma once
// Zones and topics in tests. The test broker is a single node: it holds one copy of a partition,
// so test zones ask for replication factor 1 and min.insync.replicas 1 (the service's defaults, 3
// and 2, cannot be placed there; tests of those defaults say so).
#include "causeway/topology/v1/resources.pb.h"
#include "topology/topology_store.h"

namespace causeway::testing {

inline constexpr int kTestBrokerReplicas = 1;

inline void SetSingleBrokerReplication(topology::v1::Zone* zone) {
  zone->set_replication_factor(kTestBrokerReplicas);
  zone->set_min_insync_replicas(kTestBrokerReplicas);
}

// For tests that never reach Kafka: every placement's topic "is created".
inline topology::TopicProvisioner NoTopicProvisioner() {
  return [](const topology::v1::EventType&, const topology::v1::Zone&,
            const topology::v1::Cluster&, kafka::ExistingTopic) { return absl::OkStatus(); };
}

}  // namespace causeway::testing
