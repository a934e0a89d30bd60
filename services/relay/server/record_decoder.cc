#include "relay/server/record_decoder.h"

#include "absl/strings/str_cat.h"
#include "common/codec/avro_binary_reader.h"
#include "common/codec/confluent_framing.h"
#include "common/codec/json_to_avro.h"
#include "relay/core/callback_request.h"

namespace causeway::relay {
namespace {

namespace tv1 = ::causeway::topology::v1;

// Avro's JSON encoding (annotated unions, logical types as their underlying values): the form
// JsonToAvroEncoder reads back to exactly the value read, whatever the reader's unions.
codec::AvroReadOptions ExactJson() { return codec::AvroReadOptions{}; }

// The datum resolved to `reader`, as Avro binary of `reader`: rendered in Avro's JSON encoding,
// then encoded with the reader schema. The encoder keeps a parser and buffers; one per thread
// (each runner decodes on its poll thread), so a record costs no allocation for it once warm.
absl::Status ResolveToAvro(const avro::Schema& writer, const avro::Schema& reader,
                           std::string_view datum, std::string& out) {
  thread_local codec::JsonToAvroEncoder encoder;
  thread_local std::string json;
  json.clear();
  if (absl::Status s = codec::AppendResolvedAvroBinaryAsJson(writer, reader, datum, json,
                                                             ExactJson());
      !s.ok()) {
    return s;
  }
  codec::Violations violations;
  if (absl::Status s = encoder.Encode(reader, json, out, violations); !s.ok()) {
    // Not expected: the resolved value is one of the reader schema by construction.
    return absl::InvalidArgumentError(
        absl::StrCat("the value resolved to the reader schema does not encode with it: ",
                     s.message()));
  }
  return absl::OkStatus();
}

}  // namespace

const ReaderSchemas& NoReaderSchemas() {
  static const ReaderSchemas* const kNone = new ReaderSchemas();
  return *kNone;
}

absl::StatusOr<DecodedEvent> DecodeRecord(const kafka::ConsumedRecord& record,
                                          const SchemaIndex& schemas,
                                          const ReaderSchemas& readers,
                                          tv1::SubscriptionContent content) {
  auto framed = codec::UnframeConfluent(record.value);
  if (!framed.ok()) return framed.status();
  const IndexedSchema* schema = schemas.Find(framed->schema_id.value);
  if (schema == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("no schema with global id ", framed->schema_id.value));
  }
  DecodedEvent decoded;
  decoded.schema = schema;
  const ReaderSchema* reader = readers.Find(schema->meta.namespace_(), schema->meta.event_type());
  const avro::Schema& writer = *schema->parsed;
  const bool avro = content == tv1::SUBSCRIPTION_CONTENT_AVRO;
  decoded.content_type = avro ? kAvroContentType : kJsonContentType;
  absl::Status status;
  if (reader == nullptr) {
    if (avro) {
      // The writer's bytes as published, checked: a consumer never gets a datum that is not one
      // of the schema the id names.
      status = codec::ValidateAvroBinary(writer, framed->datum);
      if (status.ok()) decoded.payload.assign(framed->datum);
    } else {
      status = codec::AppendAvroBinaryAsJson(writer, framed->datum, decoded.payload,
                                             codec::NaturalJson());
    }
  } else {
    decoded.reader_fingerprint = reader->fingerprint;
    status = avro ? ResolveToAvro(writer, *reader->schema, framed->datum, decoded.payload)
                  : codec::AppendResolvedAvroBinaryAsJson(writer, *reader->schema, framed->datum,
                                                          decoded.payload, codec::NaturalJson());
    if (!status.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("reader schema ", reader->fingerprint,
                                                     " cannot read the event: ",
                                                     status.message()));
    }
  }
  if (!status.ok()) return status;
  return decoded;
}

}  // namespace causeway::relay
