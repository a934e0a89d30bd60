#include "relay/core/consume_init.h"

#include "absl/strings/str_cat.h"

namespace causeway::relay {
namespace {

namespace rv1 = ::causeway::relay::v1;

template <typename T>
absl::Status Range(const char* field, T value, T low, T high) {
  if (value >= low && value <= high) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": must be ", low, "..", high, ", got ", value));
}

}  // namespace

absl::StatusOr<rv1::ConsumeInit> CompleteInit(const rv1::ConsumeInit& in) {
  rv1::ConsumeInit init = in;
  if (init.subscription().empty()) {
    return absl::InvalidArgumentError("init.subscription: required");
  }
  if (init.subscription().size() > 256) {
    return absl::InvalidArgumentError("init.subscription: at most 256 bytes");
  }
  if (init.client_id().size() > 256) {
    return absl::InvalidArgumentError(
        absl::StrCat("init.client_id: at most 256 bytes, got ", init.client_id().size()));
  }
  for (unsigned char c : init.client_id()) {
    if (c < 0x20 || c > 0x7e) {
      return absl::InvalidArgumentError("init.client_id: printable ASCII only");
    }
  }
  if (init.max_outstanding_events() == 0) init.set_max_outstanding_events(100);
  if (init.max_outstanding_bytes() == 0) init.set_max_outstanding_bytes(int64_t{10} << 20);
  if (init.ack_deadline_seconds() == 0) init.set_ack_deadline_seconds(60);
  if (init.max_batch() == 0) init.set_max_batch(100);
  if (init.batch_flush_ms() == 0) init.set_batch_flush_ms(200);
  for (absl::Status s : {
           Range("init.max_outstanding_events", init.max_outstanding_events(), 1, 10000),
           Range<int64_t>("init.max_outstanding_bytes", init.max_outstanding_bytes(), 1024,
                          int64_t{64} << 20),
           Range("init.ack_deadline_seconds", init.ack_deadline_seconds(), 1, 600),
           Range("init.max_batch", init.max_batch(), 1, 1000),
           Range("init.batch_flush_ms", init.batch_flush_ms(), 1, 10000)}) {
    if (!s.ok()) return s;
  }
  if (!topology::v1::SubscriptionContent_IsValid(init.content())) {
    return absl::InvalidArgumentError(
        absl::StrCat("init.content: unknown value ", static_cast<int>(init.content())));
  }
  return init;
}

StreamLimits LimitsOf(const rv1::ConsumeInit& c) {
  StreamLimits l;
  l.max_events = static_cast<size_t>(c.max_outstanding_events());
  l.max_bytes = static_cast<size_t>(c.max_outstanding_bytes());
  l.max_batch = static_cast<size_t>(c.max_batch());
  l.ack_deadline = absl::Seconds(c.ack_deadline_seconds());
  l.batch_flush = absl::Milliseconds(c.batch_flush_ms());
  return l;
}

absl::Status CheckFollowUp(const rv1::ConsumeRequest& r) {
  switch (r.kind_case()) {
    case rv1::ConsumeRequest::kInit:
      return absl::InvalidArgumentError("init: sent twice (only the first message is init)");
    case rv1::ConsumeRequest::kAck:
      if (r.ack().ack_ids_size() > kMaxAckIdsPerMessage) {
        return absl::InvalidArgumentError(absl::StrCat("ack.ack_ids: at most ",
                                                       kMaxAckIdsPerMessage, ", got ",
                                                       r.ack().ack_ids_size()));
      }
      return absl::OkStatus();
    case rv1::ConsumeRequest::kNack:
      if (r.nack().retry_after_ms() < 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("nack.retry_after_ms: must be >= 0, got ", r.nack().retry_after_ms()));
      }
      return absl::OkStatus();
    case rv1::ConsumeRequest::kReject:
      if (r.reject().reason().size() > kMaxRejectReasonBytes) {
        return absl::InvalidArgumentError(absl::StrCat("reject.reason: at most ",
                                                       kMaxRejectReasonBytes, " bytes, got ",
                                                       r.reject().reason().size()));
      }
      return absl::OkStatus();
    case rv1::ConsumeRequest::kExtend:
      if (r.extend().ack_ids_size() > kMaxAckIdsPerMessage) {
        return absl::InvalidArgumentError(absl::StrCat("extend.ack_ids: at most ",
                                                       kMaxAckIdsPerMessage, ", got ",
                                                       r.extend().ack_ids_size()));
      }
      return Range("extend.seconds", r.extend().seconds(), 1, 600);
    case rv1::ConsumeRequest::KIND_NOT_SET:
      break;
  }
  return absl::InvalidArgumentError("kind: empty message (one of ack, nack, reject, extend)");
}

}  // namespace causeway::relay
