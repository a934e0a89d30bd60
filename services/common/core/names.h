#pragma once
// Validation of the names operators and publishers choose. Each check returns INVALID_ARGUMENT
// naming the field path it was given, so errors read `zone.name: must match ...`.
#include "absl/strings/string_view.h"
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace causeway {

// Namespaces, zones and clusters: [a-z][a-z0-9_-]{0,62}.
absl::Status ValidateResourceName(absl::string_view field, absl::string_view name);

// Event types: [A-Za-z][A-Za-z0-9_.-]{0,127}.
absl::Status ValidateEventTypeName(absl::string_view field, absl::string_view name);

// Kafka topic names: [A-Za-z0-9._-]{1,249}, not "." or "..".
absl::Status ValidateTopicName(absl::string_view field, absl::string_view name);

struct HostPort {
  std::string host;
  int port = 0;
};

// Parses "host:port[,host:port...]" (IPv6 as "[::1]:9092"); ports 1..65535.
absl::StatusOr<std::vector<HostPort>> ParseBootstrapServers(absl::string_view field,
                                                            absl::string_view servers);

// The default topic of an event type: "<namespace>.<event_type>", lower-cased.
std::string DefaultTopicName(absl::string_view ns, absl::string_view event_type);

}  // namespace causeway
