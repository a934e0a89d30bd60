#pragma once
// The body of `POST /v1/events:batch`, read into PublishRequests. Pure.
//
//   {"events": [{"namespace": "mfp", "event_type": "Person", "payload": {...},
//                "event_id": "...", "key": "...", "schema_id": "...", "traceparent": "...",
//                "producer_id": "..."}, ...]}
//
// `payload` is any JSON value (the event, checked against the schema later); the other members
// are strings, all optional but namespace, event_type and payload. Unknown members are refused so
// that a misspelt `event_id` does not silently lose its dedup.
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "causeway/gateway/v1/gateway.pb.h"

namespace causeway::gateway {

// INVALID_ARGUMENT with a path (`$.events[2].namespace: expected string, got 12`) for a malformed
// body; at most `max_events` events.
absl::StatusOr<std::vector<v1::PublishRequest>> ParseBatchBody(std::string_view body,
                                                               size_t max_events);

}  // namespace causeway::gateway
