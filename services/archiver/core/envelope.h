#pragma once
// The archive's default datum: an envelope around each event, so a file can be replayed and
// audited (where each event came from, with its key and headers), built without decoding the
// event.
//
// Schema (record CausewayArchiveEnvelope, in the null namespace so that the event schema, nested
// verbatim as the `event` field's type, resolves its own names exactly as it does alone):
//   offset: long, partition: int, cluster: string, timestamp_ms: long,
//   key: ["null", bytes],
//   headers: array of record CausewayArchiveHeader {key: bytes, value: ["null", bytes]}
//            (bytes, not string: Kafka header names are not guaranteed UTF-8, and the archive must
//            hold every record as it was),
//   schema_id: int (the registry's global id from the Confluent framing),
//   event: the event's schema.
// Because `event` is the last field, a datum is the envelope fields' binary encoding followed by
// the event's Avro bytes unchanged.
//
// Pure. Threads: none.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include <string_view>

namespace causeway::archiver {

inline constexpr std::string_view kEnvelopeRecordName = "CausewayArchiveEnvelope";
inline constexpr std::string_view kEnvelopeHeaderRecordName = "CausewayArchiveHeader";

// The envelope's schema JSON around `event_schema_json` (which must be self-contained: schema
// references to other subjects are not resolved). INVALID_ARGUMENT when the event schema does not
// parse, or defines a type named CausewayArchiveEnvelope or CausewayArchiveHeader in the null
// namespace (the envelope would not parse).
absl::StatusOr<std::string> EnvelopeSchema(std::string_view event_schema_json);

struct EnvelopeRecordHeader {
  std::string key;
  std::optional<std::string> value;  // Kafka distinguishes a null header value from an empty one
};

// The Kafka record's fields the envelope carries (views into the consumed message).
struct EnvelopeRecord {
  int64_t offset = 0;
  int32_t partition = 0;
  std::string_view cluster;
  int64_t timestamp_ms = 0;
  std::optional<std::string_view> key;
  std::vector<EnvelopeRecordHeader> headers;
  int32_t schema_id = 0;
};

// Appends the envelope datum to `out`: the fields' encoding, then `event_datum` as it is (the
// Avro body after the Confluent framing). Never fails: every field is encodable.
void AppendEnvelopeDatum(const EnvelopeRecord& record, std::string_view event_datum,
                         std::string* out);

}  // namespace causeway::archiver
