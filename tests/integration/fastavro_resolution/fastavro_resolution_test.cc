// Cross-check of our resolving reader against fastavro (an independent implementation of Avro's
// schema resolution). Each case is a writer schema, a reader schema and a value of the writer's
// (JSON, encoded with JsonToAvroEncoder); our reading of the bytes with the reader schema goes to
// compare.py with the bytes, which reads them with fastavro.schemaless_reader(writer, reader) and
// compares the two values on a common normal form. Every rule of the specification's "Schema
// Resolution" has a case; a disagreement fails the test with the case and the path.
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "common/avro/compatibility.h"
#include "common/avro/json_value.h"
#include "common/avro/schema_parser.h"
#include "common/codec/avro_binary_reader.h"
#include "common/codec/json_to_avro.h"
#include "support/subprocess.h"

#ifndef CAUSEWAY_CONFLUENT_VENV
#error "CAUSEWAY_CONFLUENT_VENV (the venv that confluent_client/setup_venv.sh builds) must be defined"
#endif

namespace causeway {
namespace {

struct Case {
  std::string name;
  std::string writer;
  std::string reader;
  std::string value;  // JSON of the writer's
};

std::string Rec(const std::string& fields, const std::string& name = "R") {
  return R"({"type":"record","name":")" + name + R"(","namespace":"x","fields":[)" + fields + "]}";
}

std::vector<Case> Cases() {
  return {
      // Records: fields dropped, filled from defaults, matched by alias, in another order.
      {"field_dropped", Rec(R"({"name":"a","type":"int"},{"name":"b","type":"string"})"),
       Rec(R"({"name":"a","type":"int"})"), R"({"a":1,"b":"gone"})"},
      {"field_default_primitives", Rec(R"({"name":"a","type":"int"})"),
       Rec(R"({"name":"a","type":"int"},{"name":"s","type":"string","default":"d"},
              {"name":"n","type":["null","int"],"default":null},
              {"name":"u","type":["long","null"],"default":5},
              {"name":"f","type":"float","default":1.5},{"name":"bo","type":"boolean","default":true},
              {"name":"by","type":"bytes","default":"\u00ff\u0000"})"),
       R"({"a":1})"},
      {"field_default_nested_record",
       Rec(R"({"name":"a","type":"int"})"),
       Rec(R"({"name":"a","type":"int"},{"name":"in","type":{"type":"record","name":"In",
              "fields":[{"name":"x","type":"int","default":7},{"name":"y","type":"string"}]},
              "default":{"y":"why"}})"),
       R"({"a":1})"},
      {"field_default_array_map", Rec(R"({"name":"a","type":"int"})"),
       Rec(R"({"name":"a","type":"int"},
              {"name":"arr","type":{"type":"array","items":"long"},"default":[1,2,3]},
              {"name":"m","type":{"type":"map","values":{"type":"array","items":"string"}},
               "default":{"k":["v"],"e":[]}})"),
       R"({"a":1})"},
      {"field_reordered", Rec(R"({"name":"a","type":"int"},{"name":"b","type":"string"})"),
       Rec(R"({"name":"b","type":"string"},{"name":"a","type":"int"})"), R"({"a":1,"b":"x"})"},
      {"field_alias", Rec(R"({"name":"old","type":"int"})"),
       Rec(R"({"name":"new","aliases":["old"],"type":"int"})"), R"({"old":3})"},
      {"record_alias", Rec(R"({"name":"a","type":"int"})", "Old"),
       R"({"type":"record","name":"New","namespace":"x","aliases":["x.Old"],
           "fields":[{"name":"a","type":"int"}]})",
       R"({"a":3})"},
      // Promotions.
      {"int_to_long_float_double",
       Rec(R"({"name":"a","type":"int"},{"name":"b","type":"int"},{"name":"c","type":"int"})"),
       Rec(R"({"name":"a","type":"long"},{"name":"b","type":"float"},{"name":"c","type":"double"})"),
       R"({"a":-2147483648,"b":16777217,"c":2147483647})"},
      {"long_to_float_double", Rec(R"({"name":"a","type":"long"},{"name":"b","type":"long"})"),
       Rec(R"({"name":"a","type":"float"},{"name":"b","type":"double"})"),
       R"({"a":9007199254740993,"b":-9007199254740993})"},
      {"float_to_double", Rec(R"({"name":"a","type":"float"},{"name":"b","type":"float"})"),
       Rec(R"({"name":"a","type":"double"},{"name":"b","type":"double"})"),
       R"({"a":0.1,"b":"Infinity"})"},
      {"string_to_bytes", Rec(R"({"name":"a","type":"string"})"),
       Rec(R"({"name":"a","type":"bytes"})"), R"({"a":"h\u00e9llo"})"},
      {"bytes_to_string", Rec(R"({"name":"a","type":"bytes"})"),
       Rec(R"({"name":"a","type":"string"})"), R"({"a":"hello"})"},
      // Enums.
      {"enum_known_symbol",
       Rec(R"({"name":"e","type":{"type":"enum","name":"E","symbols":["A","B","C"]}})"),
       Rec(R"({"name":"e","type":{"type":"enum","name":"E","symbols":["C","A"],"default":"A"}})"),
       R"({"e":"C"})"},
      {"enum_default",
       Rec(R"({"name":"e","type":{"type":"enum","name":"E","symbols":["A","B","C"]}})"),
       Rec(R"({"name":"e","type":{"type":"enum","name":"E","symbols":["Z","A"],"default":"Z"}})"),
       R"({"e":"B"})"},
      {"enum_alias",
       Rec(R"({"name":"e","type":{"type":"enum","name":"Old","symbols":["A"]}})"),
       Rec(R"({"name":"e","type":{"type":"enum","name":"New","aliases":["x.Old"],
              "symbols":["A"]}})"),
       R"({"e":"A"})"},
      // Unions.
      {"non_union_to_union", Rec(R"({"name":"a","type":"string"},{"name":"b","type":"int"})"),
       Rec(R"({"name":"a","type":["null","string"]},{"name":"b","type":["string","long"]})"),
       R"({"a":"x","b":4})"},
      {"union_to_non_union", Rec(R"({"name":"a","type":["int","long"]})"),
       Rec(R"({"name":"a","type":"long"})"), R"({"a":{"int":4}})"},
      {"union_to_union_reordered", Rec(R"({"name":"a","type":["null","int","string"]})"),
       Rec(R"({"name":"a","type":["string","null","double"]})"), R"({"a":{"int":4}})"},
      {"union_null_branch", Rec(R"({"name":"a","type":["null","int","string"]})"),
       Rec(R"({"name":"a","type":["string","null","double"]})"), R"({"a":null})"},
      {"union_exact_before_promotion", Rec(R"({"name":"a","type":["null","float"]})"),
       Rec(R"({"name":"a","type":["null","double","float"]})"), R"({"a":{"float":0.5}})"},
      {"nested_unions",
       Rec(R"({"name":"v","type":["null",{"type":"record","name":"A","fields":[
              {"name":"inner","type":["null","A",{"type":"map","values":["int","A"]}]}]}]})"),
       Rec(R"({"name":"v","type":[{"type":"record","name":"A","fields":[
              {"name":"inner","type":[{"type":"map","values":["A","long"]},"null","A"]},
              {"name":"extra","type":"int","default":9}]},"null"]})"),
       R"({"v":{"x.A":{"inner":{"map":{"k":{"int":1},"j":{"x.A":{"inner":null}}}}}}})"},
      {"union_of_records_by_name",
       Rec(R"({"name":"v","type":[{"type":"record","name":"Cat","fields":[{"name":"n","type":"string"}]},
              {"type":"record","name":"Dog","fields":[{"name":"n","type":"string"}]}]})"),
       Rec(R"({"name":"v","type":[{"type":"record","name":"Dog","fields":[{"name":"n","type":"string"},
              {"name":"good","type":"boolean","default":true}]},
              {"type":"record","name":"Cat","fields":[{"name":"n","type":"string"}]}]})"),
       R"({"v":{"x.Dog":{"n":"rex"}}})"},
      // Arrays, maps, fixed.
      {"array_items_resolved",
       Rec(R"({"name":"a","type":{"type":"array","items":"int"}})"),
       Rec(R"({"name":"a","type":{"type":"array","items":"double"}})"), R"({"a":[1,-2,3]})"},
      {"map_values_resolved",
       Rec(R"({"name":"m","type":{"type":"map","values":["null","int"]}})"),
       Rec(R"({"name":"m","type":{"type":"map","values":["null","long"]}})"),
       R"({"m":{"a":{"int":1},"b":null}})"},
      {"fixed", Rec(R"({"name":"f","type":{"type":"fixed","name":"F","size":4}})"),
       Rec(R"({"name":"f","type":{"type":"fixed","name":"G","aliases":["x.F"],"size":4}})"),
       R"({"f":"\u0000\u00ffab"})"},
      // Logical types, written and from defaults.
      {"logical_types",
       Rec(R"({"name":"d","type":{"type":"int","logicalType":"date"}},
              {"name":"tm","type":{"type":"int","logicalType":"time-millis"}},
              {"name":"tu","type":{"type":"long","logicalType":"time-micros"}},
              {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"tsu","type":{"type":"long","logicalType":"timestamp-micros"}},
              {"name":"id","type":{"type":"string","logicalType":"uuid"}},
              {"name":"dec","type":{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}},
              {"name":"fdec","type":{"type":"fixed","name":"M","size":5,"logicalType":"decimal",
                                     "precision":10,"scale":3}})"),
       Rec(R"({"name":"d","type":{"type":"int","logicalType":"date"}},
              {"name":"tm","type":{"type":"int","logicalType":"time-millis"}},
              {"name":"tu","type":{"type":"long","logicalType":"time-micros"}},
              {"name":"ts","type":["null",{"type":"long","logicalType":"timestamp-millis"}]},
              {"name":"tsu","type":{"type":"long","logicalType":"timestamp-micros"}},
              {"name":"id","type":{"type":"string","logicalType":"uuid"}},
              {"name":"dec","type":{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}},
              {"name":"fdec","type":{"type":"fixed","name":"M","size":5,"logicalType":"decimal",
                                     "precision":10,"scale":3}})"),
       R"({"d":"2026-12-03","tm":"10:11:12.345","tu":"23:59:59.999999",
           "ts":"2026-12-03T09:59:59.123Z","tsu":"1969-07-20T20:17:40.000001Z",
           "id":"0b8f6a2e-6a4e-4a43-9d4e-2f7c1d3b9a10","dec":"-12.34","fdec":"1234567.891"})"},
      {"logical_defaults", Rec(R"({"name":"a","type":"int"})"),
       Rec(R"({"name":"a","type":"int"},
              {"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"},"default":1000},
              {"name":"d","type":{"type":"int","logicalType":"date"},"default":1},
              {"name":"dec","type":{"type":"bytes","logicalType":"decimal","precision":5,"scale":2},
               "default":"\u0004\u00d2"})"),
       R"({"a":1})"},
      // The seed's Person, v2 written and v1 read.
      {"person_v2_to_v1",
       Rec(R"({"name":"first_name","type":"string"},{"name":"last_name","type":"string"},
              {"name":"age","type":["null","int"]},{"name":"username","type":["null","string"]},
              {"name":"email","type":["null","string"],"default":null})", "Person"),
       Rec(R"({"name":"first_name","type":"string"},{"name":"last_name","type":"string"},
              {"name":"age","type":["null","int"]},{"name":"username","type":["null","string"]})",
           "Person"),
       R"({"first_name":"Paul","last_name":"Smith","age":31,"username":null,"email":"p@x.io"})"},
  };
}

TEST(FastavroResolution, FastavroReadsTheSameBytesAsWeDo) {
  const std::string path = ::testing::TempDir() + "/fastavro_cases.jsonl";
  {
    std::ofstream out(path);
    codec::JsonToAvroEncoder encoder;
    codec::AvroReadOptions annotated;  // union branches named, so compare.py knows the branch
    annotated.logical_types = codec::LogicalTypeRendering::kNatural;
    for (const Case& c : Cases()) {
      SCOPED_TRACE(c.name);
      auto writer = avro::ParseSchema(c.writer);
      auto reader = avro::ParseSchema(c.reader);
      ASSERT_TRUE(writer.ok()) << writer.status();
      ASSERT_TRUE(reader.ok()) << reader.status();
      ASSERT_TRUE(avro::CheckReaderWriter(*reader, *writer).empty());
      auto datum = encoder.Encode(*writer, c.value);
      ASSERT_TRUE(datum.ok()) << datum.status();
      auto ours = codec::ResolveAvroBinaryToJson(*writer, *reader, *datum, annotated);
      ASSERT_TRUE(ours.ok()) << ours.status();
      // The natural (bare) rendering the relay sends is the same value without the branch names.
      ASSERT_TRUE(codec::ResolveAvroBinaryToJson(*writer, *reader, *datum, codec::NaturalJson()).ok());
      std::string line = "{\"name\":";
      avro::AppendJsonString(line, c.name);
      line += ",\"writer\":";
      avro::AppendJsonString(line, c.writer);
      line += ",\"reader\":";
      avro::AppendJsonString(line, c.reader);
      line += ",\"datum_hex\":\"" + absl::BytesToHexString(*datum) + "\",\"ours\":" + *ours + "}";
      out << line << "\n";
    }
  }
  const std::string dir = CAUSEWAY_CONFLUENT_DIR;
  const std::string venv = CAUSEWAY_CONFLUENT_VENV;
  std::string out, err;
  int rc = testing::RunProcess({"bash", dir + "/setup_venv.sh", venv, dir + "/requirements.txt"},
                               &out, &err);
  ASSERT_EQ(rc, 0) << "setup_venv.sh failed:\n" << out << err;
  out.clear();
  err.clear();
  rc = testing::RunProcess(
      {venv + "/bin/python", std::string(CAUSEWAY_FASTAVRO_DIR) + "/compare.py", path}, &out, &err);
  EXPECT_EQ(rc, 0) << out << err;
  EXPECT_NE(out.find("cases agree"), std::string::npos) << out << err;
  std::printf("%s", out.c_str());
}

}  // namespace
}  // namespace causeway
