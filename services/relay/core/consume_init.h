#pragma once
// The first message of a Relay.Consume stream, checked and completed: zero fields take their
// defaults, each other field must be in its range (relay.proto, ConsumeInit), and an error names
// the field: `init.ack_deadline_seconds: must be 1..600, got 900`. Also the bounds of the
// messages that follow (ack ids per message, their length, a reject's reason).
//
// Threads: none; pure functions.
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "causeway/relay/v1/relay.pb.h"
#include "relay/core/pull_tracker.h"

namespace causeway::relay {

// Ack ids in one ack or extend message at most (an id the relay did not give, of any length, is
// ignored like any unknown id; the message itself is bounded by gRPC's receive limit).
inline constexpr int kMaxAckIdsPerMessage = 10000;
inline constexpr size_t kMaxRejectReasonBytes = 1024;

// INVALID_ARGUMENT with the field path, else the init with every default filled in.
absl::StatusOr<relay::v1::ConsumeInit> CompleteInit(const relay::v1::ConsumeInit& init);

StreamLimits LimitsOf(const relay::v1::ConsumeInit& completed);

// INVALID_ARGUMENT with the field path (`ack.ack_ids: at most 10000, got 10001`,
// `extend.seconds: must be 1..600, got 0`, `reject.reason: at most 1024 bytes`, `kind: empty`,
// `init: sent twice`).
absl::Status CheckFollowUp(const relay::v1::ConsumeRequest& request);

}  // namespace causeway::relay
