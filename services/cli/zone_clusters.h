#pragma once
// The clusters of a zone with their connections (bootstrap servers, client properties), for the
// commands that read Kafka themselves (dead letters, consumers' lag).
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "cli/command_runner.h"
#include "common/kafka/rdkafka_conf.h"

namespace causeway::cli {

struct ZoneCluster {
  std::string name;
  kafka::ClusterConnection connection;
  std::string Label() const;  // cluster "eu-a"
};

// Every cluster of `zone` (ListClusters, every page).
absl::StatusOr<std::vector<ZoneCluster>> ClustersOf(Session& session, const std::string& zone);

}  // namespace causeway::cli
