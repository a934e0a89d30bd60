#include "common/codec/confluent_framing.h"

#include "absl/strings/str_format.h"

namespace causeway::codec {

void AppendConfluentHeader(GlobalSchemaId id, std::string& out) {
  const auto bits = static_cast<uint32_t>(id.value);
  const char header[kConfluentHeaderSize] = {
      kConfluentMagicByte, static_cast<char>(bits >> 24), static_cast<char>(bits >> 16),
      static_cast<char>(bits >> 8), static_cast<char>(bits)};
  out.append(header, sizeof header);
}

std::string FrameConfluent(GlobalSchemaId id, std::string_view datum) {
  std::string message;
  message.reserve(kConfluentHeaderSize + datum.size());
  AppendConfluentHeader(id, message);
  message.append(datum);
  return message;
}

absl::StatusOr<ConfluentMessage> UnframeConfluent(std::string_view message) {
  if (message.size() < kConfluentHeaderSize) {
    return absl::InvalidArgumentError(
        absl::StrFormat("Confluent-framed message of %d bytes is shorter than its %d-byte header",
                        message.size(), kConfluentHeaderSize));
  }
  if (message[0] != kConfluentMagicByte) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "not a Confluent-framed message: magic byte is 0x%02x, not 0x00",
        static_cast<unsigned char>(message[0])));
  }
  uint32_t bits = 0;
  for (size_t i = 1; i < kConfluentHeaderSize; ++i) {
    bits = (bits << 8) | static_cast<unsigned char>(message[i]);
  }
  return ConfluentMessage{GlobalSchemaId{static_cast<int32_t>(bits)},
                          message.substr(kConfluentHeaderSize)};
}

}  // namespace causeway::codec
