#include "common/kafka/topic_admin.h"

#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace causeway::kafka {
namespace {

// Kafka's own limit (org.apache.kafka.common.internals.Topic).
constexpr size_t kMaxTopicNameLength = 249;

bool IsTopicNameChar(char c) { return absl::ascii_isalnum(c) || c == '.' || c == '_' || c == '-'; }

absl::Status InvalidSpecField(absl::string_view field, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat("topic.", field, ": ", message));
}

}  // namespace

absl::Status ValidateTopicSpec(const TopicSpec& spec) {
  if (spec.name.empty() || spec.name.size() > kMaxTopicNameLength) {
    return InvalidSpecField("name", absl::StrCat("must have 1 to ", kMaxTopicNameLength,
                                                 " characters, got ", spec.name.size()));
  }
  if (spec.name == "." || spec.name == "..") {
    return InvalidSpecField("name", absl::StrCat("\"", spec.name, "\" is reserved"));
  }
  for (char c : spec.name) {
    if (!IsTopicNameChar(c)) {
      return InvalidSpecField("name", absl::StrCat("\"", spec.name,
                                                   "\" may only contain [a-zA-Z0-9._-]"));
    }
  }
  if (spec.partitions < 1) {
    return InvalidSpecField("partitions",
                            absl::StrCat("must be at least 1, got ", spec.partitions));
  }
  if (spec.replication_factor != kBrokerDefaultReplicationFactor && spec.replication_factor < 1) {
    return InvalidSpecField("replication_factor",
                            absl::StrCat("must be at least 1 (or -1 for the broker default), got ",
                                         spec.replication_factor));
  }
  if (spec.min_insync_replicas < 0 ||
      (spec.replication_factor > 0 && spec.min_insync_replicas > spec.replication_factor)) {
    return InvalidSpecField("min_insync_replicas",
                            absl::StrCat("must be 0 (broker default) or 1..replication_factor (",
                                         spec.replication_factor, "), got ",
                                         spec.min_insync_replicas));
  }
  for (const auto& [key, value] : spec.config) {
    if (key.empty()) return InvalidSpecField("config", "a config name is empty");
    if (key == kMinInsyncReplicasConfig) {
      return InvalidSpecField("config", "set min.insync.replicas with min_insync_replicas");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckExistingTopic(const TopicSpec& spec, const TopicDescription& existing,
                                absl::string_view action) {
  std::vector<std::string> differences;
  if (existing.partitions != spec.partitions) {
    differences.push_back(
        absl::StrCat(existing.partitions, " partitions, not ", spec.partitions));
  }
  if (spec.replication_factor != kBrokerDefaultReplicationFactor &&
      existing.replication_factor != spec.replication_factor) {
    differences.push_back(absl::StrCat("replication factor ", existing.replication_factor,
                                       ", not ", spec.replication_factor));
  }
  // Clusters without an admin API report no configs: there is nothing to compare.
  if (spec.min_insync_replicas > 0 && !existing.config.empty()) {
    const auto found = existing.config.find(kMinInsyncReplicasConfig);
    const std::string want = absl::StrCat(spec.min_insync_replicas);
    if (found == existing.config.end() || found->second != want) {
      differences.push_back(absl::StrCat(
          kMinInsyncReplicasConfig, " ",
          found == existing.config.end() ? "unset" : found->second, ", not ", want));
    }
  }
  if (differences.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrCat(
      action, ": the topic already exists with ", absl::StrJoin(differences, ", ")));
}

}  // namespace causeway::kafka
