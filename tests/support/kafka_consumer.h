#pragma once
// Reads back what was written to a topic on the real broker, for tests that must prove an event is
// in Kafka (exactly once, with its headers).
#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace causeway::testing {

struct ConsumedMessage {
  int32_t partition = -1;
  int64_t offset = -1;
  std::string key;
  std::string value;
  std::map<std::string, std::string> headers;
};

// Every message of `topic` from the beginning, reading until `expected` messages arrived or no new
// message came for `idle` (whichever is first), at most `limit` overall.
std::vector<ConsumedMessage> ConsumeAll(const std::string& bootstrap, const std::string& topic,
                                        size_t expected, absl::Duration idle = absl::Seconds(5),
                                        absl::Duration limit = absl::Seconds(60));

}  // namespace causeway::testing
