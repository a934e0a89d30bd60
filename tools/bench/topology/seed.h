#pragma once
// The topology the benchmark runs against: a few namespaces, one zone with one cluster, ~100
// event types placed in the zone, and one namespace ("fanout") that the Watch measurement edits.
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "causeway/topology/v1/topology.grpc.pb.h"

namespace causeway::bench {

struct EventTypeKey {
  std::string namespace_name;
  std::string name;
  std::string topic;  // set explicitly, so that devkafka can create it up front
};

struct SeedPlan {
  std::vector<std::string> namespaces;
  std::string zone = "bench-zone";
  std::string cluster = "bench-cluster";
  std::string watched_namespace = "fanout";
  std::vector<EventTypeKey> event_types;
};

// Pure: `event_types` event types spread round-robin over `namespaces` namespaces.
SeedPlan MakeSeedPlan(int namespaces, int event_types);

// "topic:1,topic:1,...": the --topic list of causeway-devkafka (CAUSEWAY_DEVKAFKA_TOPICS). The
// mock cluster has no CreateTopics, so the placements find their topics already there.
std::string DevKafkaTopics(const SeedPlan& plan);

// Creates everything in the plan through the API as the admin whose token is `token`, `parallel`
// requests at a time; the cluster's bootstrap servers are `bootstrap`. Expects an empty topology.
absl::Status SeedTopology(const std::shared_ptr<grpc::Channel>& channel, const std::string& token,
                          const SeedPlan& plan, const std::string& bootstrap, int parallel);

}  // namespace causeway::bench
