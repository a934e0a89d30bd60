#include "relay/server/record_decoder.h"

#include <gtest/gtest.h>

#include "common/codec/confluent_framing.h"
#include "view_fixture.h"

namespace causeway::relay {
namespace {

class RecordDecoderTest : public ::testing::Test {
 protected:
  std::shared_ptr<const topology::TopologyView> view_ =
      topology::TopologyView::FromSnapshot(1, BaseTopology());
  std::shared_ptr<const SchemaIndex> index_ = SchemaIndex::Build(*view_, nullptr);

  kafka::ConsumedRecord Record(std::string value) {
    kafka::ConsumedRecord r;
    r.value = std::move(value);
    return r;
  }
};

TEST_F(RecordDecoderTest, DecodesNaturalJsonWithTheWriterSchema) {
  // first_name "Ann" (length 3 as zigzag 6), age: union branch 1 (int) 31 (zigzag 62).
  const std::string datum("\x06" "Ann" "\x02\x3e", 6);
  auto decoded = DecodeRecord(Record(codec::FrameConfluent({7}, datum)), *index_);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->json, R"({"first_name":"Ann","age":31})");
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

TEST_F(RecordDecoderTest, IndexReusesParsedSchemasOfThePreviousView) {
  auto next = SchemaIndex::Build(*view_, index_.get());
  ASSERT_NE(next->Find(7), nullptr);
  EXPECT_EQ(next->Find(7)->parsed.get(), index_->Find(7)->parsed.get());
  EXPECT_EQ(next->Find(8), nullptr);
}

}  // namespace
}  // namespace causeway::relay
