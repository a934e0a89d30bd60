#pragma once
// Reads back what was written to a topic on the real broker, for tests that must prove an event is
// in Kafka (exactly once, with its headers).
#include <map>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/kafka/cluster_connection.h"

namespace causeway::testing {

struct ConsumedMessage {
  int32_t partition = -1;
  int64_t offset = -1;
  std::string key;
  std::string value;
  std::map<std::string, std::string> headers;
};

// Every message of `topic` from the beginning, reading until `expected` messages arrived or no new
// message came for `idle` (whichever is first), at most `limit` overall. The cluster's client
// properties are resolved as a service resolves them (kafka::NewClusterConf), so a test reads
// through SASL with `${file:...}` references; nothing is read when they do not resolve (the reason
// is an ADD_FAILURE of the calling test).
std::vector<ConsumedMessage> ConsumeAll(const kafka::ClusterConnection& cluster,
                                        const std::string& topic, size_t expected,
                                        absl::Duration idle = absl::Seconds(5),
                                        absl::Duration limit = absl::Seconds(60));
// The same on a plaintext cluster.
std::vector<ConsumedMessage> ConsumeAll(const std::string& bootstrap, const std::string& topic,
                                        size_t expected, absl::Duration idle = absl::Seconds(5),
                                        absl::Duration limit = absl::Seconds(60));

}  // namespace causeway::testing
