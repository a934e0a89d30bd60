#pragma once
// The events every mode publishes: the seed's Person (tools/demo/person.avsc) as one JSON payload,
// so that every event, through the gateway or produced raw, is the same Avro bytes; and event ids
// that end in a sequence number, so that a reply or a Kafka record finds its send time (and the
// soak its acknowledgement) by index rather than by the id's text.
#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "causeway/gateway/v1/gateway.pb.h"

namespace causeway::bench {

inline constexpr char kPersonEventType[] = "Person";
inline constexpr char kPersonJson[] =
    R"({"first_name": "Paul", "last_name": "Osman", "age": 42, "username": "paulosman"})";

// Ids "<prefix>-<sequence, 12 digits>": the prefix names the run and the phase, so that ids of
// earlier runs on the same topic, and of other phases, never match.
class EventIds {
 public:
  explicit EventIds(std::string prefix) : prefix_(std::move(prefix)) {}
  std::string Id(uint64_t sequence) const;
  // The sequence of an id of this prefix; nothing for any other id.
  std::optional<uint64_t> Sequence(absl::string_view id) const;
  const std::string& prefix() const { return prefix_; }

 private:
  std::string prefix_;
};

// A prefix unique to this process and moment, e.g. "b4f1c2-2981"; the same for the whole run.
std::string RunPrefix();

// A Person publish of namespace `ns`, JSON payload, acknowledged once persisted (acks=all).
gateway::v1::PublishRequest PersonRequest(const std::string& ns, std::string event_id);

}  // namespace causeway::bench
