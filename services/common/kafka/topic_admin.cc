#include "common/kafka/topic_admin.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

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
  for (const auto& [key, value] : spec.config) {
    if (key.empty()) return InvalidSpecField("config", "a config name is empty");
  }
  return absl::OkStatus();
}

}  // namespace causeway::kafka
