#pragma once
// Turns a placement into a topic on its cluster: partitions from the event type; retention,
// replication factor and min.insync.replicas from the zone; the cluster's connection from the
// topology.
#include "common/kafka/topic_admin.h"
#include "topology/topology_store.h"

namespace causeway::topology {

kafka::TopicSpec TopicSpecFor(const v1::EventType& event_type, const v1::Zone& zone,
                              kafka::ExistingTopic existing);
kafka::ClusterConnection ConnectionOf(const v1::Cluster& cluster);

// A TopicProvisioner that creates the topic through `admin` (which must outlive it). A refused
// existing topic is FAILED_PRECONDITION saying how an admin adopts it.
TopicProvisioner MakeTopicProvisioner(kafka::TopicAdmin* admin);

}  // namespace causeway::topology
