#include "common/kafka/dead_letter_record.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/core/errors.h"
#include "common/core/time_text.h"

namespace causeway::kafka {
namespace {

constexpr absl::string_view kReason = "causeway-dl-reason";
constexpr absl::string_view kStatus = "causeway-dl-status";
constexpr absl::string_view kAttempts = "causeway-dl-attempts";
constexpr absl::string_view kFirstAttempt = "causeway-dl-first-attempt";
constexpr absl::string_view kLastAttempt = "causeway-dl-last-attempt";
constexpr absl::string_view kSource = "causeway-dl-source";
constexpr absl::string_view kError = "causeway-dl-error";

absl::StatusOr<DeadLetterReason> ParseReason(absl::string_view text) {
  for (DeadLetterReason r : {DeadLetterReason::kClientError, DeadLetterReason::kRetriesExhausted,
                             DeadLetterReason::kUndecodable, DeadLetterReason::kRejected}) {
    if (text == DeadLetterReasonName(r)) return r;
  }
  return InvalidField(kReason, "not client_error, retries_exhausted, undecodable or rejected");
}

absl::StatusOr<std::optional<absl::Time>> ParseOptionalTime(
    const absl::flat_hash_map<absl::string_view, absl::string_view>& last, absl::string_view name) {
  auto it = last.find(name);
  if (it == last.end()) return std::nullopt;
  absl::StatusOr<absl::Time> t = ParseRfc3339(it->second);
  if (!t.ok()) return InvalidField(name, t.status().message());
  return std::optional<absl::Time>(*t);
}

}  // namespace

absl::string_view DeadLetterReasonName(DeadLetterReason reason) {
  switch (reason) {
    case DeadLetterReason::kClientError: return "client_error";
    case DeadLetterReason::kRetriesExhausted: return "retries_exhausted";
    case DeadLetterReason::kUndecodable: return "undecodable";
    case DeadLetterReason::kRejected: return "rejected";
  }
  return "undecodable";
}

std::string TruncateUtf8(absl::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  size_t end = max_bytes;
  // Back off continuation bytes (10xxxxxx) so the cut falls before a sequence's lead byte.
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return std::string(text.substr(0, end));
}

RecordHeaders DeadLetterHeaders(const DeadLetterInfo& info) {
  RecordHeaders h;
  h.reserve(7);
  h.emplace_back(kReason, DeadLetterReasonName(info.reason));
  h.emplace_back(kStatus, info.last_status);
  h.emplace_back(kAttempts, absl::StrCat(info.attempts));
  if (info.first_attempt) h.emplace_back(kFirstAttempt, FormatRfc3339(*info.first_attempt));
  if (info.last_attempt) h.emplace_back(kLastAttempt, FormatRfc3339(*info.last_attempt));
  h.emplace_back(kSource, absl::StrCat(info.cluster, "/", info.topic, "/", info.partition, "/",
                                       info.offset));
  h.emplace_back(kError, TruncateUtf8(info.error, kMaxDeadLetterError));
  return h;
}

RecordHeaders WithDeadLetterHeaders(const RecordHeaders& original, const DeadLetterInfo& info) {
  RecordHeaders out = original;
  RecordHeaders added = DeadLetterHeaders(info);
  out.insert(out.end(), std::make_move_iterator(added.begin()),
             std::make_move_iterator(added.end()));
  return out;
}

absl::StatusOr<DeadLetterInfo> ParseDeadLetterHeaders(const RecordHeaders& headers) {
  absl::flat_hash_map<absl::string_view, absl::string_view> last;
  for (const auto& [name, value] : headers) last[name] = value;  // later ones win
  auto required = [&](absl::string_view name) -> absl::StatusOr<absl::string_view> {
    auto it = last.find(name);
    if (it == last.end()) return InvalidField(name, "missing");
    return it->second;
  };
  DeadLetterInfo info;
  absl::StatusOr<absl::string_view> reason = required(kReason);
  if (!reason.ok()) return reason.status();
  absl::StatusOr<DeadLetterReason> parsed_reason = ParseReason(*reason);
  if (!parsed_reason.ok()) return parsed_reason.status();
  info.reason = *parsed_reason;

  absl::StatusOr<absl::string_view> status = required(kStatus);
  if (!status.ok()) return status.status();
  info.last_status = std::string(*status);

  absl::StatusOr<absl::string_view> attempts = required(kAttempts);
  if (!attempts.ok()) return attempts.status();
  if (!absl::SimpleAtoi(*attempts, &info.attempts) || info.attempts < 0) {
    return InvalidField(kAttempts, "not a non-negative integer");
  }

  absl::StatusOr<std::optional<absl::Time>> first = ParseOptionalTime(last, kFirstAttempt);
  if (!first.ok()) return first.status();
  info.first_attempt = *first;
  absl::StatusOr<std::optional<absl::Time>> latest = ParseOptionalTime(last, kLastAttempt);
  if (!latest.ok()) return latest.status();
  info.last_attempt = *latest;

  absl::StatusOr<absl::string_view> source = required(kSource);
  if (!source.ok()) return source.status();
  // cluster/topic/partition/offset; neither a cluster name nor a topic name may hold '/'.
  std::vector<absl::string_view> parts = absl::StrSplit(*source, '/');
  if (parts.size() != 4 || parts[0].empty() || parts[1].empty() ||
      !absl::SimpleAtoi(parts[2], &info.partition) || !absl::SimpleAtoi(parts[3], &info.offset)) {
    return InvalidField(kSource, "not <cluster>/<topic>/<partition>/<offset>");
  }
  info.cluster = std::string(parts[0]);
  info.topic = std::string(parts[1]);

  if (auto it = last.find(kError); it != last.end()) info.error = std::string(it->second);
  return info;
}

}  // namespace causeway::kafka
