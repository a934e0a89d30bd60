#pragma once
// What a dead-lettered record carries. The record in the dead-letter topic is the original one
// byte for byte (key, value, timestamp, headers in order) with these headers appended:
//   causeway-dl-reason         client_error | retries_exhausted | undecodable | rejected
//                              (rejected: a Relay.Consume client rejected it; its reason text
//                              is causeway-dl-error)
//   causeway-dl-status         the last HTTP status ("404") or transport class ("timeout");
//                              "none" when no attempt was made (undecodable)
//   causeway-dl-attempts       attempts made (0 for undecodable)
//   causeway-dl-first-attempt  RFC 3339 UTC, ms; absent when no attempt was made
//   causeway-dl-last-attempt   likewise
//   causeway-dl-source         <cluster>/<topic>/<partition>/<offset> of the original record
//   causeway-dl-error          the last error in words, at most 1 KiB (cut on a UTF-8 boundary)
// A redriven record that is dead-lettered again gets a second set after the first: the parser
// reads the last occurrence of each header, i.e. the latest dead-lettering.
//
// Threads: none; pure functions.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include "absl/strings/string_view.h"
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace causeway::kafka {

// Kafka record headers in order; values are bytes.
using RecordHeaders = std::vector<std::pair<std::string, std::string>>;

enum class DeadLetterReason : uint8_t { kClientError, kRetriesExhausted, kUndecodable, kRejected };

absl::string_view DeadLetterReasonName(DeadLetterReason reason);

inline constexpr size_t kMaxDeadLetterError = 1024;

struct DeadLetterInfo {
  DeadLetterReason reason = DeadLetterReason::kUndecodable;
  std::string last_status = "none";
  int attempts = 0;
  std::optional<absl::Time> first_attempt;
  std::optional<absl::Time> last_attempt;
  std::string cluster;
  std::string topic;
  int32_t partition = 0;
  int64_t offset = 0;
  std::string error;

  friend bool operator==(const DeadLetterInfo&, const DeadLetterInfo&) = default;
};

// The headers to append after the original ones. `error` is cut to kMaxDeadLetterError bytes.
RecordHeaders DeadLetterHeaders(const DeadLetterInfo& info);

// The original headers followed by DeadLetterHeaders(info).
RecordHeaders WithDeadLetterHeaders(const RecordHeaders& original, const DeadLetterInfo& info);

// Reads a dead letter's headers back (for `causeway subscription dead-letters list`).
// INVALID_ARGUMENT naming the header for a missing or malformed one.
absl::StatusOr<DeadLetterInfo> ParseDeadLetterHeaders(const RecordHeaders& headers);

// `text` cut to at most `max_bytes` without splitting a UTF-8 sequence.
std::string TruncateUtf8(absl::string_view text, size_t max_bytes);

}  // namespace causeway::kafka
