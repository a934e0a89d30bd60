#include "relay/server/record_decoder.h"

#include "absl/strings/str_cat.h"
#include "common/codec/avro_binary_reader.h"
#include "common/codec/confluent_framing.h"

namespace causeway::relay {

absl::StatusOr<DecodedEvent> DecodeRecord(const kafka::ConsumedRecord& record,
                                          const SchemaIndex& schemas) {
  auto framed = codec::UnframeConfluent(record.value);
  if (!framed.ok()) return framed.status();
  const IndexedSchema* schema = schemas.Find(framed->schema_id.value);
  if (schema == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("no schema with global id ", framed->schema_id.value));
  }
  auto json = codec::AvroBinaryToJson(*schema->parsed, framed->datum, codec::NaturalJson());
  if (!json.ok()) return json.status();
  return DecodedEvent{*std::move(json), schema};
}

}  // namespace causeway::relay
