#include "person_events.h"

#include <unistd.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "absl/time/clock.h"

namespace causeway::bench {

std::string EventIds::Id(uint64_t sequence) const {
  return absl::StrFormat("%s-%012d", prefix_, sequence);
}

std::optional<uint64_t> EventIds::Sequence(absl::string_view id) const {
  if (!absl::ConsumePrefix(&id, prefix_) || !absl::ConsumePrefix(&id, "-")) return std::nullopt;
  uint64_t sequence = 0;
  if (!absl::SimpleAtoi(id, &sequence)) return std::nullopt;
  return sequence;
}

std::string RunPrefix() {
  static const std::string prefix =
      absl::StrFormat("%x-%d", absl::ToUnixSeconds(absl::Now()) & 0xffffff, getpid());
  return prefix;
}

gateway::v1::PublishRequest PersonRequest(const std::string& ns, std::string event_id) {
  gateway::v1::PublishRequest r;
  r.set_namespace_(ns);
  r.set_event_type(kPersonEventType);
  r.set_json(kPersonJson);
  r.set_event_id(std::move(event_id));
  r.set_ack(gateway::v1::ACK_PERSISTED);
  return r;
}

}  // namespace causeway::bench
