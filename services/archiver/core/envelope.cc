#include "archiver/core/envelope.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/avro/schema_parser.h"
#include "common/codec/avro_binary_writer.h"

namespace causeway::archiver {
namespace {

// ["null", "bytes"]: branch 0, or branch 1 and the bytes.
template <typename OptionalBytes>
void WriteOptionalBytes(const OptionalBytes& value, codec::AvroBinaryWriter* writer) {
  if (!value.has_value()) {
    writer->WriteUnionIndex(0);
    return;
  }
  writer->WriteUnionIndex(1);
  writer->WriteBytes(*value);
}

}  // namespace

absl::StatusOr<std::string> EnvelopeSchema(std::string_view event_schema_json) {
  if (auto event = avro::ParseSchema(event_schema_json); !event.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("event schema: ", event.status().message()));
  }
  std::string json = absl::StrCat(
      R"({"type":"record","name":")", std::string(kEnvelopeRecordName),
      R"(","doc":"One Kafka record as causeway-archiver stored it: where it was, then the event.",)"
      R"("fields":[)"
      R"({"name":"offset","type":"long"},)"
      R"({"name":"partition","type":"int"},)"
      R"({"name":"cluster","type":"string"},)"
      R"({"name":"timestamp_ms","type":"long"},)"
      R"({"name":"key","type":["null","bytes"]},)"
      R"({"name":"headers","type":{"type":"array","items":{"type":"record","name":")",
      std::string(kEnvelopeHeaderRecordName),
      R"(","fields":[{"name":"key","type":"bytes"},{"name":"value","type":["null","bytes"]}]}}},)"
      R"({"name":"schema_id","type":"int"},)"
      R"({"name":"event","type":)", std::string(event_schema_json), "}]}");
  if (auto envelope = avro::ParseSchema(json); !envelope.ok()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "event schema: cannot be nested in the archive envelope (does it define ",
        std::string(kEnvelopeRecordName), " or ", std::string(kEnvelopeHeaderRecordName), "?): ",
        envelope.status().message()));
  }
  return json;
}

void AppendEnvelopeDatum(const EnvelopeRecord& record, std::string_view event_datum,
                         std::string* out) {
  codec::AvroBinaryWriter writer;
  writer.WriteLong(record.offset);
  writer.WriteInt(record.partition);
  writer.WriteString(record.cluster);
  writer.WriteLong(record.timestamp_ms);
  WriteOptionalBytes(record.key, &writer);
  if (!record.headers.empty()) {
    writer.WriteBlockCount(record.headers.size());
    for (const EnvelopeRecordHeader& header : record.headers) {
      writer.WriteBytes(header.key);
      WriteOptionalBytes(header.value, &writer);
    }
  }
  writer.WriteBlockEnd();
  writer.WriteInt(record.schema_id);
  out->append(writer.view());
  out->append(event_datum);
}

}  // namespace causeway::archiver
