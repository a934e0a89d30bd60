// Our binary encoding against Avro C's: the same value, built as an Avro C generic value, must
// encode to the same bytes; and Avro C must read what we write and write it back unchanged.
#include <avro.h>

#include <string>
#include <string_view>

#include "codec_test_util.h"
#include "gtest/gtest.h"

namespace causeway::codec {
namespace {

using test_util::Hex;
using test_util::kPersonSchema;
using test_util::MustEncode;
using test_util::MustParse;

// An Avro C schema and a generic value of it, released together.
class AvroCValue {
 public:
  explicit AvroCValue(std::string_view schema_json) {
    if (avro_schema_from_json_length(schema_json.data(), schema_json.size(), &schema_) != 0) {
      ADD_FAILURE() << "Avro C refused the schema: " << avro_strerror();
      return;
    }
    iface_ = avro_generic_class_from_schema(schema_);
    avro_generic_value_new(iface_, &value_);
  }
  ~AvroCValue() {
    if (iface_ != nullptr) {
      avro_value_decref(&value_);
      avro_value_iface_decref(iface_);
    }
    if (schema_ != nullptr) avro_schema_decref(schema_);
  }
  AvroCValue(const AvroCValue&) = delete;
  AvroCValue& operator=(const AvroCValue&) = delete;

  avro_value_t* root() { return &value_; }

  avro_value_t Field(const char* name) { return FieldOf(&value_, name); }

  static avro_value_t FieldOf(avro_value_t* record, const char* name) {
    avro_value_t field;
    EXPECT_EQ(avro_value_get_by_name(record, name, &field, nullptr), 0) << name;
    return field;
  }

  static avro_value_t Branch(avro_value_t* union_value, int index) {
    avro_value_t branch;
    EXPECT_EQ(avro_value_set_branch(union_value, index, &branch), 0);
    return branch;
  }

  std::string Write() {
    char buffer[4096] = {};
    avro_writer_t writer = avro_writer_memory(buffer, sizeof buffer);
    EXPECT_EQ(avro_value_write(writer, &value_), 0) << avro_strerror();
    const std::string bytes(buffer, static_cast<size_t>(avro_writer_tell(writer)));
    avro_writer_free(writer);
    return bytes;
  }

  // Reads `binary` into the value; false when Avro C cannot. (Bytes it leaves unread show as a
  // difference when the value is written back.)
  bool Read(const std::string& binary) {
    avro_reader_t reader = avro_reader_memory(binary.data(), static_cast<int64_t>(binary.size()));
    const bool ok = avro_value_read(reader, &value_) == 0;
    avro_reader_free(reader);
    return ok;
  }

 private:
  avro_schema_t schema_ = nullptr;
  avro_value_iface_t* iface_ = nullptr;
  avro_value_t value_;
};

TEST(AvroCCrossCheck, PersonEncodesAsAvroCWritesIt) {
  AvroCValue person(kPersonSchema);
  avro_value_t field = person.Field("first_name");
  avro_value_set_string(&field, "Paul");
  field = person.Field("last_name");
  avro_value_set_string(&field, "Smith");
  field = person.Field("age");
  avro_value_t age = AvroCValue::Branch(&field, 1);
  avro_value_set_int(&age, 31);
  field = person.Field("username");
  avro_value_t username = AvroCValue::Branch(&field, 0);
  avro_value_set_null(&username);

  EXPECT_EQ(Hex(MustEncode(MustParse(kPersonSchema),
                           R"({"first_name": "Paul", "last_name": "Smith", "age": 31})")),
            Hex(person.Write()));
}

constexpr std::string_view kCrossCheckRecord = R"({
  "type": "record", "name": "Every", "namespace": "t",
  "fields": [
    {"name": "b", "type": "boolean"},
    {"name": "i", "type": "int"},
    {"name": "l", "type": "long"},
    {"name": "f", "type": "float"},
    {"name": "d", "type": "double"},
    {"name": "s", "type": "string"},
    {"name": "by", "type": "bytes"},
    {"name": "e", "type": {"type": "enum", "name": "E", "symbols": ["A", "B", "C"]}},
    {"name": "fx", "type": {"type": "fixed", "name": "F", "size": 3}},
    {"name": "a", "type": {"type": "array", "items": "long"}},
    {"name": "m", "type": {"type": "map", "values": ["null", "double"]}},
    {"name": "r", "type": {"type": "record", "name": "Inner", "fields": [
      {"name": "x", "type": "int"}]}},
    {"name": "u", "type": ["null", "string", "Inner"]}
  ]})";

TEST(AvroCCrossCheck, EveryTypeEncodesAsAvroCWritesIt) {
  AvroCValue every(kCrossCheckRecord);
  avro_value_t f = every.Field("b");
  avro_value_set_boolean(&f, 1);
  f = every.Field("i");
  avro_value_set_int(&f, -123456);
  f = every.Field("l");
  avro_value_set_long(&f, 9007199254740993LL);
  f = every.Field("f");
  avro_value_set_float(&f, 3.25f);
  f = every.Field("d");
  avro_value_set_double(&f, -0.1);
  f = every.Field("s");
  avro_value_set_string(&f, "naïve");
  f = every.Field("by");
  char bytes[] = {0, 1, static_cast<char>(0xff)};
  avro_value_set_bytes(&f, bytes, sizeof bytes);
  f = every.Field("e");
  avro_value_set_enum(&f, 2);
  f = every.Field("fx");
  char fixed[] = {'a', 'b', 'c'};
  avro_value_set_fixed(&f, fixed, sizeof fixed);
  f = every.Field("a");
  for (int64_t v : {int64_t{1}, int64_t{-300}, int64_t{1} << 40}) {
    avro_value_t item;
    avro_value_append(&f, &item, nullptr);
    avro_value_set_long(&item, v);
  }
  f = every.Field("m");
  avro_value_t entry, branch;
  avro_value_add(&f, "x", &entry, nullptr, nullptr);
  branch = AvroCValue::Branch(&entry, 1);
  avro_value_set_double(&branch, 2.5);
  avro_value_add(&f, "y", &entry, nullptr, nullptr);
  branch = AvroCValue::Branch(&entry, 0);
  avro_value_set_null(&branch);
  f = every.Field("r");
  avro_value_t x = AvroCValue::FieldOf(&f, "x");
  avro_value_set_int(&x, 7);
  f = every.Field("u");
  branch = AvroCValue::Branch(&f, 2);
  x = AvroCValue::FieldOf(&branch, "x");
  avro_value_set_int(&x, 8);

  const std::string ours = MustEncode(MustParse(kCrossCheckRecord), R"({
      "b": true, "i": -123456, "l": 9007199254740993, "f": 3.25, "d": -0.1, "s": "naïve",
      "by": "\u0000\u0001\u00ff", "e": "C", "fx": "abc", "a": [1, -300, 1099511627776],
      "m": {"x": 2.5, "y": null}, "r": {"x": 7}, "u": {"x": 8}})");
  EXPECT_EQ(Hex(ours), Hex(every.Write()));
}

TEST(AvroCCrossCheck, AvroCReadsWhatWeWriteAndWritesItBackUnchanged) {
  // Avro C ignores logical types: it reads and writes their underlying types.
  const std::string ours = MustEncode(MustParse(test_util::kEveryTypeSchema),
                                      test_util::kEveryTypeValue);
  AvroCValue every(test_util::kEveryTypeSchema);
  ASSERT_TRUE(every.Read(ours)) << avro_strerror();
  EXPECT_EQ(Hex(every.Write()), Hex(ours));

  const avro::Schema schema = MustParse(kCrossCheckRecord);
  for (std::string_view json : {
           R"({"b": false, "i": 0, "l": -1, "f": "NaN", "d": "-Infinity", "s": "", "by": "",
               "e": "A", "fx": "\u00ff\u00fe\u00fd", "a": [], "m": {}, "r": {"x": -1},
               "u": null})",
           R"({"b": true, "i": 2147483647, "l": -9223372036854775808, "f": 1e-40, "d": 1e308,
               "s": "😀", "by": "abc", "e": "B", "fx": "xyz", "a": [0, 0, 0],
               "m": {"": 1, "k": {"double": 2}}, "r": {"x": 1}, "u": "s"})",
       }) {
    const std::string ours = MustEncode(schema, json);
    AvroCValue value(kCrossCheckRecord);
    ASSERT_TRUE(value.Read(ours)) << avro_strerror() << "\n" << json;
    EXPECT_EQ(Hex(value.Write()), Hex(ours)) << json;
  }
}

}  // namespace
}  // namespace causeway::codec
