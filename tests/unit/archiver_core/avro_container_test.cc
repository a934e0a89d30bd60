// The container writer and the envelope, read back by an independent reader: Avro C's
// avro_file_reader (Debian's libavro), which checks the magic, the metadata map, the codec and every
// block's sync marker, and decodes each datum with the schema from the file's header.
#include "archiver/core/avro_container.h"

#include <avro.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "archiver/core/envelope.h"
#include "common/codec/avro_binary_writer.h"

namespace causeway::archiver {
namespace {

constexpr char kPersonSchema[] =
    R"({"type":"record","name":"Person","namespace":"mfp","fields":[)"
    R"({"name":"name","type":"string"},{"name":"age","type":"int"},)"
    R"({"name":"address","type":{"type":"record","name":"Address","fields":[)"
    R"({"name":"city","type":"string"}]}}]})";

std::string Person(const std::string& name, int age, const std::string& city) {
  codec::AvroBinaryWriter w;
  w.WriteString(name);
  w.WriteInt(age);
  w.WriteString(city);
  return std::string(w.view());
}

struct ReadPerson {
  std::string name;
  int age = 0;
  std::string city;
};

std::string StringField(avro_value_t* record, const char* name) {
  avro_value_t field;
  EXPECT_EQ(avro_value_get_by_name(record, name, &field, nullptr), 0) << name;
  const char* text = nullptr;
  size_t size = 0;
  EXPECT_EQ(avro_value_get_string(&field, &text, &size), 0) << name;
  return text == nullptr ? "" : std::string(text, size - 1);  // size counts the NUL
}

ReadPerson PersonOf(avro_value_t* record) {
  ReadPerson p;
  p.name = StringField(record, "name");
  avro_value_t age, address;
  EXPECT_EQ(avro_value_get_by_name(record, "age", &age, nullptr), 0);
  int32_t a = 0;
  avro_value_get_int(&age, &a);
  p.age = a;
  EXPECT_EQ(avro_value_get_by_name(record, "address", &address, nullptr), 0);
  p.city = StringField(&address, "city");
  return p;
}

class AvroContainerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/archiver-container-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
  }
  void TearDown() override {
    for (const auto& f : files_) std::remove(f.c_str());
    rmdir(dir_.c_str());
  }

  // Header (given the writer's marker) + body into a file; returns its path.
  std::string WriteFile(const std::string& name, const std::string& header, const std::string& body) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << header << body;
    files_.push_back(path);
    return path;
  }

  // Every datum of the file through `visit`, with Avro C's reader; returns the count.
  template <typename Visit>
  int ReadAll(const std::string& path, Visit visit) {
    avro_file_reader_t reader;
    if (avro_file_reader(path.c_str(), &reader) != 0) {
      ADD_FAILURE() << "Avro C refused the file: " << avro_strerror();
      return -1;
    }
    avro_schema_t schema = avro_file_reader_get_writer_schema(reader);
    avro_value_iface_t* iface = avro_generic_class_from_schema(schema);
    avro_value_t value;
    avro_generic_value_new(iface, &value);
    int count = 0;
    int rc;
    while ((rc = avro_file_reader_read_value(reader, &value)) == 0) {
      visit(count++, &value);
      avro_value_reset(&value);
    }
    EXPECT_EQ(rc, EOF) << avro_strerror();
    avro_value_decref(&value);
    avro_value_iface_decref(iface);
    avro_file_reader_close(reader);
    return count;
  }

  std::string dir_;
  std::vector<std::string> files_;
};

TEST_F(AvroContainerTest, RawFilesOfBothCodecsReadBackWithAvroC) {
  for (ContainerCodec codec : {ContainerCodec::kNull, ContainerCodec::kDeflate}) {
    SCOPED_TRACE(ContainerCodecName(codec));
    ContainerOptions options;
    options.codec = codec;
    options.block_bytes = 512;  // many blocks: every sync marker is checked by the reader
    options.sync_marker = RandomSyncMarker();
    StringSink body;
    auto writer = AvroContainerWriter::Create(options, &body);
    ASSERT_TRUE(writer.ok()) << writer.status();
    constexpr int kRecords = 1000;
    for (int i = 0; i < kRecords; ++i) {
      ASSERT_TRUE(writer->Append(Person("person-" + std::to_string(i), i, "Lyon")).ok());
    }
    ASSERT_TRUE(writer->Flush().ok());
    EXPECT_EQ(writer->records(), kRecords);
    EXPECT_EQ(writer->pending_records(), 0);
    EXPECT_GT(writer->blocks(), 10);
    EXPECT_EQ(writer->body_bytes(), static_cast<int64_t>(body.data().size()));
    if (codec == ContainerCodec::kDeflate) {
      EXPECT_LT(writer->body_bytes(), writer->datum_bytes());  // repetitive names compress
    }
    auto header = EncodeContainerHeader(kPersonSchema, codec,
                                        {{"causeway.zone", "eu"}, {"causeway.first_offset", "0"}},
                                        options.sync_marker);
    ASSERT_TRUE(header.ok()) << header.status();
    std::string path =
        WriteFile(std::string("raw-") + std::string(ContainerCodecName(codec)) + ".avro", *header,
                  body.data());
    int read = ReadAll(path, [](int i, avro_value_t* v) {
      ReadPerson p = PersonOf(v);
      EXPECT_EQ(p.name, "person-" + std::to_string(i));
      EXPECT_EQ(p.age, i);
      EXPECT_EQ(p.city, "Lyon");
    });
    EXPECT_EQ(read, kRecords);
  }
}

TEST_F(AvroContainerTest, EnvelopeFilesCarryTheRecordAndTheEventBytesUnchanged) {
  auto schema = EnvelopeSchema(kPersonSchema);
  ASSERT_TRUE(schema.ok()) << schema.status();
  ContainerOptions options;
  options.sync_marker = RandomSyncMarker();
  StringSink body;
  auto writer = AvroContainerWriter::Create(options, &body);
  ASSERT_TRUE(writer.ok());
  std::string datum;
  for (int i = 0; i < 3; ++i) {
    EnvelopeRecord record;
    record.offset = 1000 + i;
    record.partition = 7;
    record.cluster = "main";
    record.timestamp_ms = 1767225600000 + i;
    std::string key = "key-" + std::to_string(i);
    if (i != 1) record.key = key;  // record 1 has a null key
    if (i == 2) {
      record.headers = {{"traceparent", std::string("00-abc")}, {"empty", std::nullopt}};
    }
    record.schema_id = 42;
    datum.clear();
    AppendEnvelopeDatum(record, Person("p" + std::to_string(i), 30 + i, "Oslo"), &datum);
    ASSERT_TRUE(writer->Append(datum).ok());
  }
  ASSERT_TRUE(writer->Flush().ok());
  auto header = EncodeContainerHeader(*schema, options.codec, {}, options.sync_marker);
  ASSERT_TRUE(header.ok()) << header.status();
  std::string path = WriteFile("envelope.avro", *header, body.data());

  int read = ReadAll(path, [](int i, avro_value_t* v) {
    avro_value_t field, branch, event;
    int64_t l = 0;
    int32_t n = 0;
    avro_value_get_by_name(v, "offset", &field, nullptr);
    avro_value_get_long(&field, &l);
    EXPECT_EQ(l, 1000 + i);
    avro_value_get_by_name(v, "partition", &field, nullptr);
    avro_value_get_int(&field, &n);
    EXPECT_EQ(n, 7);
    EXPECT_EQ(StringField(v, "cluster"), "main");
    avro_value_get_by_name(v, "timestamp_ms", &field, nullptr);
    avro_value_get_long(&field, &l);
    EXPECT_EQ(l, 1767225600000 + i);
    avro_value_get_by_name(v, "key", &field, nullptr);
    int discriminant = -1;
    avro_value_get_discriminant(&field, &discriminant);
    EXPECT_EQ(discriminant, i == 1 ? 0 : 1);
    if (i != 1) {
      avro_value_get_current_branch(&field, &branch);
      const void* bytes = nullptr;
      size_t size = 0;
      avro_value_get_bytes(&branch, &bytes, &size);
      EXPECT_EQ(std::string(static_cast<const char*>(bytes), size), "key-" + std::to_string(i));
    }
    avro_value_get_by_name(v, "headers", &field, nullptr);
    size_t headers = 0;
    avro_value_get_size(&field, &headers);
    EXPECT_EQ(headers, i == 2 ? 2u : 0u);
    if (i == 2) {
      avro_value_t header, part;
      avro_value_get_by_index(&field, 1, &header, nullptr);
      avro_value_get_by_name(&header, "key", &part, nullptr);
      const void* bytes = nullptr;
      size_t size = 0;
      avro_value_get_bytes(&part, &bytes, &size);
      EXPECT_EQ(std::string(static_cast<const char*>(bytes), size), "empty");
      avro_value_get_by_name(&header, "value", &part, nullptr);
      avro_value_get_discriminant(&part, &discriminant);
      EXPECT_EQ(discriminant, 0);
    }
    avro_value_get_by_name(v, "schema_id", &field, nullptr);
    avro_value_get_int(&field, &n);
    EXPECT_EQ(n, 42);
    avro_value_get_by_name(v, "event", &event, nullptr);
    ReadPerson p = PersonOf(&event);
    EXPECT_EQ(p.name, "p" + std::to_string(i));
    EXPECT_EQ(p.age, 30 + i);
    EXPECT_EQ(p.city, "Oslo");
  });
  EXPECT_EQ(read, 3);
}

TEST_F(AvroContainerTest, TheEnvelopeKeepsTheEventsOwnNames) {
  // An event in the null namespace keeps its unqualified names inside the envelope.
  auto schema = EnvelopeSchema(
      R"({"type":"record","name":"Ping","fields":[{"name":"n","type":"long"}]})");
  ASSERT_TRUE(schema.ok()) << schema.status();
  avro_schema_t parsed;
  ASSERT_EQ(avro_schema_from_json_length(schema->data(), schema->size(), &parsed), 0)
      << avro_strerror();
  avro_schema_t event = avro_schema_record_field_get(parsed, "event");
  EXPECT_STREQ(avro_schema_type_name(event), "Ping");
  avro_schema_decref(parsed);

  auto clash = EnvelopeSchema(
      R"({"type":"record","name":"CausewayArchiveHeader","fields":[{"name":"n","type":"long"}]})");
  EXPECT_EQ(clash.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(EnvelopeSchema("{not json").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(AvroContainerTest, RefusesBadHeadersAndDatums) {
  const std::string marker = RandomSyncMarker();
  EXPECT_FALSE(EncodeContainerHeader(kPersonSchema, ContainerCodec::kNull, {}, "short").ok());
  EXPECT_FALSE(EncodeContainerHeader("{\"type\":\"nope\"}", ContainerCodec::kNull, {}, marker).ok());
  EXPECT_FALSE(
      EncodeContainerHeader(kPersonSchema, ContainerCodec::kNull, {{"avro.x", "1"}}, marker).ok());
  EXPECT_FALSE(EncodeContainerHeader(kPersonSchema, ContainerCodec::kNull,
                                     {{"k", "1"}, {"k", "2"}}, marker)
                   .ok());
  std::vector<std::pair<std::string, std::string>> many;
  for (size_t i = 0; i <= kMaxMetadataEntries; ++i) many.emplace_back("k" + std::to_string(i), "");
  EXPECT_FALSE(EncodeContainerHeader(kPersonSchema, ContainerCodec::kNull, many, marker).ok());

  StringSink sink;
  ContainerOptions options;
  options.sync_marker = marker;
  options.max_datum_bytes = 8;
  auto writer = AvroContainerWriter::Create(options, &sink);
  ASSERT_TRUE(writer.ok());
  EXPECT_EQ(writer->Append("").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(writer->Append("123456789").code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(writer->records(), 0);
  options.sync_marker = "x";
  EXPECT_FALSE(AvroContainerWriter::Create(options, &sink).ok());

  EXPECT_EQ(ParseContainerCodec("--codec", "snappy").status().code(),
            absl::StatusCode::kUnimplemented);
  EXPECT_EQ(ParseContainerCodec("--codec", "zstd").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(*ParseContainerCodec("--codec", "deflate"), ContainerCodec::kDeflate);
}

}  // namespace
}  // namespace causeway::archiver
