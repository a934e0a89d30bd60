#pragma once
// Confluent's wire format, which stock Kafka deserializers read: magic byte 0, the schema's
// global id as a 4-byte big-endian integer, then the Avro binary datum.
#include <compare>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace causeway::codec {

inline constexpr char kConfluentMagicByte = 0;
inline constexpr size_t kConfluentHeaderSize = 5;

// The registry's global integer id of a schema (the one Confluent's API serves), as opposed to
// Causeway's MD5 schema id.
struct GlobalSchemaId {
  int32_t value = 0;
  friend auto operator<=>(const GlobalSchemaId&, const GlobalSchemaId&) = default;
};

// Appends the 5-byte header; the caller appends the datum after it.
void AppendConfluentHeader(GlobalSchemaId id, std::string& out);

// Header and datum in one new message.
std::string FrameConfluent(GlobalSchemaId id, std::string_view datum);

struct ConfluentMessage {
  GlobalSchemaId schema_id;
  std::string_view datum;  // a view into the framed message
};

// The id and datum of a framed message; INVALID_ARGUMENT when it is shorter than the header or
// does not start with the magic byte.
absl::StatusOr<ConfluentMessage> UnframeConfluent(std::string_view message);

}  // namespace causeway::codec
