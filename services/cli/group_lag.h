#pragma once
// How far a consumer group is behind on a topic of one cluster: the sum over partitions of the
// high watermark minus the group's committed offset. Reads committed offsets through the group
// coordinator without joining the group, so the group's members are not disturbed.
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "cli/zone_clusters.h"

namespace causeway::cli {

// A partition the group has not committed on counts from its low watermark when `from_earliest`
// (the consumer will start there), else as 0 (it will start at the end). UNAVAILABLE or
// DEADLINE_EXCEEDED when the cluster does not answer within `timeout`; NOT_FOUND when it has no
// such topic.
absl::StatusOr<int64_t> GroupLag(const ZoneCluster& cluster, const std::string& group,
                                 const std::string& topic, bool from_earliest,
                                 absl::Duration timeout);

}  // namespace causeway::cli
