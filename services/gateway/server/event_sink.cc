#include "gateway/server/event_sink.h"

namespace causeway::gateway {
namespace {

// librdkafka's RD_KAFKAP_MESSAGE_V2_MAX_OVERHEAD (length, attributes, timestamp and offset deltas,
// key and value lengths, header count: 36 bytes of varints) rounded up.
constexpr int64_t kRecordFramingBytes = 64;
// Per header: the two length varints (at most 5 bytes each).
constexpr int64_t kHeaderFramingBytes = 10;

}  // namespace

int64_t RecordBytes(const OutgoingEvent& event) {
  int64_t bytes = kRecordFramingBytes + static_cast<int64_t>(event.value.size()) +
                  static_cast<int64_t>(event.key.size());
  for (const auto& [name, value] : event.headers) {
    bytes += kHeaderFramingBytes + static_cast<int64_t>(name.size() + value.size());
  }
  return bytes;
}

absl::string_view DeliveryFailureName(DeliveryFailure failure) {
  switch (failure) {
    case DeliveryFailure::kNone: return "none";
    case DeliveryFailure::kTimedOut: return "message_timeout";
    case DeliveryFailure::kShutdown: return "shutdown";
    case DeliveryFailure::kProducerClosed: return "producer_closed";
    case DeliveryFailure::kFatal: return "producer_fatal";
    case DeliveryFailure::kRefused: return "refused";
  }
  return "unknown";
}

}  // namespace causeway::gateway
