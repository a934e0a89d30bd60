#include "relay/server/partition_state.h"

#include "absl/time/clock.h"

namespace causeway::relay {

absl::Status PartitionState::Accept(int64_t offset, int64_t timestamp_ms) {
  if (absl::Status s = tracker_.Track(offset); !s.ok()) return s;
  open_.emplace(offset, timestamp_ms);
  return absl::OkStatus();
}

void PartitionState::Finish(int64_t offset) {
  // NOT_FOUND (never tracked) cannot happen for an offset Accept took; ignored either way.
  tracker_.MarkTerminal(offset).IgnoreError();
  open_.erase(offset);
}

std::optional<absl::Time> PartitionState::oldest_open() const {
  if (open_.empty()) return std::nullopt;
  const int64_t ms = open_.begin()->second;
  return ms < 0 ? absl::Now() : absl::FromUnixMillis(ms);
}

}  // namespace causeway::relay
