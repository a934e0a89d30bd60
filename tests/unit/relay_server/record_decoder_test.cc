#include "relay/server/record_decoder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/avro/fingerprint.h"
#include "common/avro/schema_parser.h"
#include "common/codec/avro_binary_reader.h"
#include "common/codec/confluent_framing.h"
#include "common/codec/json_to_avro.h"
#include "relay/core/callback_request.h"
#include "view_fixture.h"

namespace causeway::relay {
namespace {

using ::testing::HasSubstr;

// The seed's Person as it evolves: v2 adds email (with a default), v3 adds nickname.
constexpr char kPersonV1[] = R"({"type":"record","name":"Person","fields":[
    {"name":"first_name","type":"string"},{"name":"age","type":["null","int"],"default":null}]})";
constexpr char kPersonV2[] = R"({"type":"record","name":"Person","fields":[
    {"name":"first_name","type":"string"},{"name":"age","type":["null","int"],"default":null},
    {"name":"email","type":["null","string"],"default":null}]})";
constexpr char kPersonV3[] = R"({"type":"record","name":"Person","fields":[
    {"name":"first_name","type":"string"},{"name":"age","type":["null","long"],"default":null},
    {"name":"email","type":["null","string"],"default":null},
    {"name":"nickname","type":"string","default":"n/a"}]})";
constexpr int32_t kWriterId = 20;

class RecordDecoderTest : public ::testing::Test {
 protected:
  std::shared_ptr<const topology::TopologyView> view_ =
      topology::TopologyView::FromSnapshot(1, BaseTopology());
  std::shared_ptr<const SchemaIndex> index_ = SchemaIndex::Build(*view_, nullptr);

  static kafka::ConsumedRecord Record(std::string value) {
    kafka::ConsumedRecord r;
    r.value = std::move(value);
    return r;
  }

  // The base view plus mfp/Person's schema `writer` as global id 20 (registered id its MD5).
  void UseWriter(const std::string& writer) {
    std::vector<tv1::Change> changes = BaseTopology();
    tv1::Schema s;
    s.set_id(avro::SchemaId(*avro::ParseSchema(writer)));
    s.set_global_id(kWriterId);
    s.set_namespace_("mfp");
    s.set_event_type("Person");
    s.set_version(2);
    s.set_status(tv1::SCHEMA_STATUS_AVAILABLE);
    s.set_definition(writer);
    changes.push_back(Put(s, topology::EntityKind::kSchema));
    view_ = topology::TopologyView::FromSnapshot(2, changes);
    index_ = SchemaIndex::Build(*view_, nullptr);
    writer_ = writer;
  }

  // `json` encoded with the writer schema, framed with its global id.
  kafka::ConsumedRecord Published(std::string_view json) {
    auto writer = avro::ParseSchema(writer_);
    EXPECT_TRUE(writer.ok());
    auto datum = codec::JsonToAvroEncoder().Encode(*writer, json);
    EXPECT_TRUE(datum.ok()) << datum.status();
    return Record(codec::FrameConfluent({kWriterId}, datum.value_or("")));
  }

  // A subscription to mfp/Person reading with `reader` (inline), parsed as the plan does.
  ReaderSchemas Readers(const std::string& reader) {
    tv1::Subscription sub;
    sub.set_name("s");
    tv1::EventTypeRef* ref = sub.add_event_types();
    ref->set_namespace_("mfp");
    ref->set_name("Person");
    sub.add_reader_schemas()->set_definition(reader);
    auto readers = ReaderSchemas::Build(sub, view_.get());
    EXPECT_TRUE(readers.ok()) << readers.status();
    return readers.ok() ? *std::move(readers) : ReaderSchemas();
  }

  absl::StatusOr<DecodedEvent> Decode(std::string_view json, const std::string& reader,
                                      tv1::SubscriptionContent content =
                                          tv1::SUBSCRIPTION_CONTENT_JSON) {
    readers_ = Readers(reader);
    return DecodeRecord(Published(json), *index_, readers_, content);
  }

  std::string writer_;
  ReaderSchemas readers_;
};

TEST_F(RecordDecoderTest, DecodesNaturalJsonWithTheWriterSchema) {
  // first_name "Ann" (length 3 as zigzag 6), age: union branch 1 (int) 31 (zigzag 62).
  const std::string datum("\x06" "Ann" "\x02\x3e", 6);
  auto decoded = DecodeRecord(Record(codec::FrameConfluent({7}, datum)), *index_);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->payload, R"({"first_name":"Ann","age":31})");
  EXPECT_EQ(decoded->content_type, kJsonContentType);
  EXPECT_EQ(decoded->reader_fingerprint, "");
  EXPECT_EQ(decoded->schema->meta.event_type(), "Person");
}

TEST_F(RecordDecoderTest, UndecodableRecordsSayWhy) {
  EXPECT_EQ(DecodeRecord(Record("plain text"), *index_).status().code(),
            absl::StatusCode::kInvalidArgument);
  auto unknown = DecodeRecord(Record(codec::FrameConfluent({99}, "x")), *index_);
  EXPECT_EQ(unknown.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(unknown.status().message().find("99"), std::string::npos);
  // The right schema, a datum that is not one of it (a string longer than the bytes).
  EXPECT_EQ(DecodeRecord(Record(codec::FrameConfluent({7}, "\x40" "A")), *index_).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(RecordDecoderTest, AnOlderReaderDoesNotSeeTheFieldTheWriterAdded) {
  UseWriter(kPersonV2);
  auto decoded = Decode(R"({"first_name":"Ann","age":31,"email":"ann@example.com"})", kPersonV1);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->payload, R"({"first_name":"Ann","age":31})");
  EXPECT_EQ(decoded->content_type, kJsonContentType);
  EXPECT_EQ(decoded->reader_fingerprint, avro::SchemaId(*avro::ParseSchema(kPersonV1)));
}

TEST_F(RecordDecoderTest, ANewerReaderGetsItsDefaultsAndPromotions) {
  UseWriter(kPersonV2);
  auto decoded = Decode(R"({"first_name":"Ann","age":31,"email":null})", kPersonV3);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  // age: the writer's int in the reader's ["null","long"]; nickname from its default.
  EXPECT_EQ(decoded->payload,
            R"({"first_name":"Ann","age":31,"email":null,"nickname":"n/a"})");
}

TEST_F(RecordDecoderTest, EventTypesWithoutAReaderSchemaKeepTheirWritersShape) {
  UseWriter(kPersonV2);
  tv1::Subscription sub;
  for (const char* type : {"Person", "Order"}) {
    tv1::EventTypeRef* ref = sub.add_event_types();
    ref->set_namespace_("mfp");
    ref->set_name(type);
  }
  tv1::ReaderSchema* order = sub.add_reader_schemas();
  *order->mutable_event_type() = sub.event_types(1);
  order->set_definition(R"({"type":"record","name":"Order","fields":[]})");
  auto readers = ReaderSchemas::Build(sub, view_.get());
  ASSERT_TRUE(readers.ok()) << readers.status();
  auto decoded = DecodeRecord(Published(R"({"first_name":"Ann","email":"a@b.c"})"), *index_,
                              *readers);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->payload, R"({"first_name":"Ann","age":null,"email":"a@b.c"})");
  EXPECT_EQ(decoded->reader_fingerprint, "");
}

TEST_F(RecordDecoderTest, AnUnknownEnumSymbolTakesTheReadersDefault) {
  UseWriter(R"({"type":"record","name":"Person","fields":[{"name":"tier","type":
      {"type":"enum","name":"Tier","symbols":["FREE","GOLD","PLATINUM"]}}]})");
  const std::string reader = R"({"type":"record","name":"Person","fields":[{"name":"tier","type":
      {"type":"enum","name":"Tier","symbols":["UNKNOWN","FREE","GOLD"],"default":"UNKNOWN"}}]})";
  EXPECT_EQ(Decode(R"({"tier":"PLATINUM"})", reader)->payload, R"({"tier":"UNKNOWN"})");
  EXPECT_EQ(Decode(R"({"tier":"GOLD"})", reader)->payload, R"({"tier":"GOLD"})");
}

TEST_F(RecordDecoderTest, NumbersArePromoted) {
  UseWriter(R"({"type":"record","name":"Person","fields":[{"name":"n","type":"int"},
      {"name":"x","type":"float"},{"name":"l","type":"long"}]})");
  auto decoded = Decode(R"({"n":7,"x":0.5,"l":3})",
                        R"({"type":"record","name":"Person","fields":[{"name":"n","type":"long"},
      {"name":"x","type":"double"},{"name":"l","type":"double"}]})");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->payload, R"({"n":7,"x":0.5,"l":3.0})");
}

TEST_F(RecordDecoderTest, UnionBranchesAreChosenByTheReader) {
  // A plain writer string into a reader union; a writer union's int into a plain reader long.
  UseWriter(R"({"type":"record","name":"Person","fields":[{"name":"s","type":"string"},
      {"name":"u","type":["null","int"]}]})");
  auto decoded = Decode(R"({"s":"x","u":5})",
                        R"({"type":"record","name":"Person","fields":[
      {"name":"s","type":["null","string"]},{"name":"u","type":"long"}]})");
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->payload, R"({"s":"x","u":5})");
}

TEST_F(RecordDecoderTest, AvroContentIsTheWritersBytesWithoutAReaderSchema) {
  UseWriter(kPersonV2);
  const kafka::ConsumedRecord record = Published(R"({"first_name":"Ann","age":31})");
  auto decoded =
      DecodeRecord(record, *index_, NoReaderSchemas(), tv1::SUBSCRIPTION_CONTENT_AVRO);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->payload, record.value.substr(5));
  EXPECT_EQ(decoded->content_type, kAvroContentType);
  EXPECT_EQ(decoded->reader_fingerprint, "");
  // Bytes that are not a datum of the writer schema are not handed on.
  auto bad = DecodeRecord(Record(codec::FrameConfluent({kWriterId}, "\x40")), *index_,
                          NoReaderSchemas(), tv1::SUBSCRIPTION_CONTENT_AVRO);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(RecordDecoderTest, AvroContentIsInTheReadersShapeWithAReaderSchema) {
  UseWriter(kPersonV2);
  for (const char* reader : {kPersonV1, kPersonV3}) {
    SCOPED_TRACE(reader);
    auto decoded = Decode(R"({"first_name":"Ann","age":31,"email":"ann@example.com"})", reader,
                          tv1::SUBSCRIPTION_CONTENT_AVRO);
    ASSERT_TRUE(decoded.ok()) << decoded.status();
    EXPECT_EQ(decoded->content_type, kAvroContentType);
    const avro::Schema schema = *avro::ParseSchema(reader);
    EXPECT_EQ(decoded->reader_fingerprint, avro::SchemaId(schema));
    // Exactly one datum of the reader schema, holding what the JSON content shows.
    auto as_json = codec::AvroBinaryToJson(schema, decoded->payload, codec::NaturalJson());
    ASSERT_TRUE(as_json.ok()) << as_json.status();
    EXPECT_EQ(*as_json, Decode(R"({"first_name":"Ann","age":31,"email":"ann@example.com"})",
                               reader)->payload);
  }
}

TEST_F(RecordDecoderTest, AnEventTheReaderCannotReadIsUndecodableWithThePath) {
  // As after a forced activation: the writer drops email, which this reader needs.
  UseWriter(kPersonV1);
  const std::string reader = R"({"type":"record","name":"Person","fields":[
      {"name":"first_name","type":"string"},{"name":"email","type":"string"}]})";
  for (auto content : {tv1::SUBSCRIPTION_CONTENT_JSON, tv1::SUBSCRIPTION_CONTENT_AVRO}) {
    auto decoded = Decode(R"({"first_name":"Ann"})", reader, content);
    EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(decoded.status().message(),
                HasSubstr("$.email: at byte 5: the reader's field has no default"));
    EXPECT_THAT(decoded.status().message(),
                HasSubstr(avro::SchemaId(*avro::ParseSchema(reader))));
  }
}

TEST_F(RecordDecoderTest, ReaderSchemasByRegisteredIdAndTheirErrors) {
  tv1::Subscription sub;
  tv1::EventTypeRef* ref = sub.add_event_types();
  ref->set_namespace_("mfp");
  ref->set_name("Person");
  sub.add_reader_schemas()->set_schema_id("0123456789abcdef0123456789abcdef");
  auto readers = ReaderSchemas::Build(sub, view_.get());
  ASSERT_TRUE(readers.ok()) << readers.status();
  ASSERT_NE(readers->Find("mfp", "Person"), nullptr);
  EXPECT_EQ(readers->Find("mfp", "Person")->fingerprint,
            avro::SchemaId(*avro::ParseSchema(kPersonSchema)));
  EXPECT_EQ(readers->Find("mfp", "Order"), nullptr);

  sub.mutable_reader_schemas(0)->set_schema_id("ffffffffffffffffffffffffffffffff");
  EXPECT_THAT(ReaderSchemas::Build(sub, view_.get()).status().message(),
              HasSubstr("reader_schemas[0].schema_id: no schema ffff"));
  sub.mutable_reader_schemas(0)->set_definition("{\"type\":\"nope\"}");
  EXPECT_THAT(ReaderSchemas::Build(sub, view_.get()).status().message(),
              HasSubstr("reader_schemas[0].definition: "));
  sub.mutable_reader_schemas(0)->set_definition(kPersonV1);
  sub.add_reader_schemas()->set_definition(kPersonV2);
  EXPECT_THAT(ReaderSchemas::Build(sub, view_.get()).status().message(),
              HasSubstr("reader_schemas[1].event_type: mfp/Person has a reader schema already"));
  sub.mutable_reader_schemas()->RemoveLast();
  sub.add_event_types()->set_name("Order");
  EXPECT_THAT(ReaderSchemas::Build(sub, view_.get()).status().message(),
              HasSubstr("reader_schemas[0].event_type: must be given"));
}

TEST_F(RecordDecoderTest, IndexReusesParsedSchemasOfThePreviousView) {
  auto next = SchemaIndex::Build(*view_, index_.get());
  ASSERT_NE(next->Find(7), nullptr);
  EXPECT_EQ(next->Find(7)->parsed.get(), index_->Find(7)->parsed.get());
  EXPECT_EQ(next->Find(8), nullptr);
}

}  // namespace
}  // namespace causeway::relay
