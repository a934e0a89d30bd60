// Stock clients can read what Causeway writes: Confluent's own Python client (confluent-kafka's
// SchemaRegistryClient and AvroDeserializer, pinned in requirements.txt, run by stock_client.py)
// talks to causeway-topology's Schema Registry API and decodes events with no Causeway code.
//
// The events are encoded by Avro C, an implementation independent of Causeway's, and framed the
// Confluent way (magic byte 0, 4-byte big-endian global schema id, Avro binary), exactly as the
// gateway puts them on Kafka; Confluent's AvroSerializer, looking Causeway's ids up, must write the
// very same bytes. The client is run once for the whole suite; each test asserts one part of what
// it saw (the client's whole answer is printed, for failures).
#include <avro.h>
#include <gtest/gtest.h>
#include <simdjson.h>

#include <cstdint>
#include <functional>
#include <iostream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "support/subprocess.h"
#include "support/test_database.h"
#include "support/test_placement.h"
#include "support/topology_server.h"

#ifndef CAUSEWAY_CONFLUENT_VENV
#error "CAUSEWAY_CONFLUENT_VENV (the venv that setup_venv.sh builds) must be defined"
#endif
#ifndef CAUSEWAY_CONFLUENT_DIR
#error "CAUSEWAY_CONFLUENT_DIR (this folder) must be defined"
#endif

namespace causeway::testing {
namespace {

namespace v1 = ::causeway::topology::v1;

constexpr char kTopic[] = "mfp.person";
constexpr char kSubject[] = "mfp.person-value";

// Version 1: the seed talk's Person with its optional fields.
constexpr char kPersonV1[] = R"({
  "type": "record", "name": "Person", "namespace": "com.example",
  "fields": [
    {"name": "first_name", "type": "string"},
    {"name": "last_name", "type": "string"},
    {"name": "age", "type": ["null", "int"], "default": null},
    {"name": "username", "type": ["null", "string"], "default": null}
  ]})";

// The same schema as the client might hold it: other whitespace, other attribute order.
constexpr char kPersonV1Reformatted[] =
    R"({"namespace":"com.example","name":"Person","type":"record","fields":[)"
    R"({"type":"string","name":"first_name"},{"type":"string","name":"last_name"},)"
    R"({"default":null,"type":["null","int"],"name":"age"},)"
    R"({"default":null,"type":["null","string"],"name":"username"}]})";

// Version 2: adds an optional email; BACKWARD compatible with version 1.
constexpr char kPersonV2[] = R"({
  "type": "record", "name": "Person", "namespace": "com.example",
  "fields": [
    {"name": "first_name", "type": "string"},
    {"name": "last_name", "type": "string"},
    {"name": "age", "type": ["null", "int"], "default": null},
    {"name": "username", "type": ["null", "string"], "default": null},
    {"name": "email", "type": ["null", "string"], "default": null}
  ]})";

// Registered but never activated: invisible to the registry API.
constexpr char kPersonPending[] = R"({
  "type": "record", "name": "Person", "namespace": "com.example",
  "fields": [
    {"name": "first_name", "type": "string"},
    {"name": "last_name", "type": "string"},
    {"name": "age", "type": ["null", "int"], "default": null},
    {"name": "username", "type": ["null", "string"], "default": null},
    {"name": "email", "type": ["null", "string"], "default": null},
    {"name": "nickname", "type": ["null", "string"], "default": null}
  ]})";

// Never registered anywhere.
constexpr char kUnknown[] =
    R"({"type":"record","name":"Pet","fields":[{"name":"name","type":"string"}]})";

// A candidate adding an optional field: compatible with the latest version.
constexpr char kCandidateOptional[] = R"({
  "type": "record", "name": "Person", "namespace": "com.example",
  "fields": [
    {"name": "first_name", "type": "string"},
    {"name": "last_name", "type": "string"},
    {"name": "age", "type": ["null", "int"], "default": null},
    {"name": "username", "type": ["null", "string"], "default": null},
    {"name": "email", "type": ["null", "string"], "default": null},
    {"name": "country", "type": "string", "default": "GB"}
  ]})";

// A candidate adding a required field: a reader of it cannot read version 2 data (BACKWARD break).
constexpr char kCandidateRequired[] = R"({
  "type": "record", "name": "Person", "namespace": "com.example",
  "fields": [
    {"name": "first_name", "type": "string"},
    {"name": "last_name", "type": "string"},
    {"name": "age", "type": ["null", "int"], "default": null},
    {"name": "username", "type": ["null", "string"], "default": null},
    {"name": "email", "type": ["null", "string"], "default": null},
    {"name": "height_cm", "type": "int"}
  ]})";

std::string Hex(const std::string& bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += kDigits[c >> 4];
    out += kDigits[c & 0xf];
  }
  return out;
}

// Confluent's wire format: magic byte 0, the schema's global id as a 4-byte big-endian integer,
// then the Avro binary encoding.
std::string ConfluentFrame(int32_t global_id, const std::string& avro_binary) {
  auto id = static_cast<uint32_t>(global_id);
  std::string out;
  out += '\0';
  out += static_cast<char>((id >> 24) & 0xff);
  out += static_cast<char>((id >> 16) & 0xff);
  out += static_cast<char>((id >> 8) & 0xff);
  out += static_cast<char>(id & 0xff);
  return out + avro_binary;
}

// Avro C, field by field. Every union here is ["null", X]: branch 0 is null, branch 1 is X.
void SetString(avro_value_t* record, const char* name, const std::string& value) {
  avro_value_t field;
  ASSERT_EQ(avro_value_get_by_name(record, name, &field, nullptr), 0) << name << avro_strerror();
  ASSERT_EQ(avro_value_set_string_len(&field, value.c_str(), value.size() + 1), 0) << avro_strerror();
}
void SetNull(avro_value_t* record, const char* name) {
  avro_value_t field, branch;
  ASSERT_EQ(avro_value_get_by_name(record, name, &field, nullptr), 0) << name << avro_strerror();
  ASSERT_EQ(avro_value_set_branch(&field, 0, &branch), 0) << avro_strerror();
  ASSERT_EQ(avro_value_set_null(&branch), 0) << avro_strerror();
}
void SetOptionalInt(avro_value_t* record, const char* name, int32_t value) {
  avro_value_t field, branch;
  ASSERT_EQ(avro_value_get_by_name(record, name, &field, nullptr), 0) << name << avro_strerror();
  ASSERT_EQ(avro_value_set_branch(&field, 1, &branch), 0) << avro_strerror();
  ASSERT_EQ(avro_value_set_int(&branch, value), 0) << avro_strerror();
}
void SetOptionalString(avro_value_t* record, const char* name, const std::string& value) {
  avro_value_t field, branch;
  ASSERT_EQ(avro_value_get_by_name(record, name, &field, nullptr), 0) << name << avro_strerror();
  ASSERT_EQ(avro_value_set_branch(&field, 1, &branch), 0) << avro_strerror();
  ASSERT_EQ(avro_value_set_string_len(&branch, value.c_str(), value.size() + 1), 0)
      << avro_strerror();
}

// The Avro binary encoding, by Avro C, of the record that `fill` sets under `schema_json`.
std::string EncodeWithAvroC(const std::string& schema_json,
                            const std::function<void(avro_value_t*)>& fill) {
  avro_schema_t schema = nullptr;
  if (avro_schema_from_json_length(schema_json.data(), schema_json.size(), &schema) != 0) {
    ADD_FAILURE() << "Avro C refuses the schema: " << avro_strerror();
    return "";
  }
  avro_value_iface_t* iface = avro_generic_class_from_schema(schema);
  avro_value_t record;
  EXPECT_EQ(avro_generic_value_new(iface, &record), 0) << avro_strerror();
  fill(&record);
  size_t size = 0;
  EXPECT_EQ(avro_value_sizeof(&record, &size), 0) << avro_strerror();
  std::string out(size, '\0');
  avro_writer_t writer = avro_writer_memory(out.data(), static_cast<int64_t>(out.size()));
  EXPECT_EQ(avro_value_write(writer, &record), 0) << avro_strerror();
  EXPECT_EQ(avro_writer_tell(writer), static_cast<int64_t>(size));
  avro_writer_free(writer);
  avro_value_decref(&record);
  avro_value_iface_decref(iface);
  avro_schema_decref(schema);
  return out;
}

class ConfluentClientTest : public ::testing::Test {
 protected:
  // Builds the topology, writes the events and runs the stock client once for the whole suite,
  // in the first test's SetUp rather than SetUpTestSuite: there, a failure (pip, the registry, the
  // client) fails every test instead of leaving them reported as skipped.
  void SetUp() override {
    if (state_ == nullptr) {
      state_ = new State;
      Build(*state_);
    }
    ASSERT_TRUE(state_->ran) << "the stock client did not run; see the first test's failures";
  }
  static void TearDownTestSuite() {
    delete state_;
    state_ = nullptr;
  }

  struct State {
    std::unique_ptr<TestDatabase> db;
    std::unique_ptr<TopologyServer> server;
    v1::Schema v1_schema, v2_schema, pending_schema;
    std::string v2_event_hex;    // the Avro C encoding of Ada, framed with version 2's id
    std::string output, errors;  // the client's stdout (one JSON object) and stderr
    simdjson::dom::parser parser;
    simdjson::dom::element root;
    bool ran = false;
  };

  static void Build(State& s) {
    // 1. The topology: namespace mfp, event type Person, two available versions of its schema.
    s.db = std::make_unique<TestDatabase>();
    s.server = std::make_unique<TopologyServer>(
        s.db->dsn(), NoTopicProvisioner());
    auto topology = s.server->NewStub();
    auto schemas = s.server->NewSchemaStub();
    v1::CreateNamespaceRequest ns;
    ns.mutable_namespace_()->set_name("mfp");
    v1::Namespace n;
    grpc::Status st = topology->CreateNamespace(Context().get(), ns, &n);
    ASSERT_TRUE(st.ok()) << st.error_message();
    v1::CreateEventTypeRequest et;
    et.mutable_event_type()->set_namespace_("mfp");
    et.mutable_event_type()->set_name("Person");
    v1::EventType e;
    st = topology->CreateEventType(Context().get(), et, &e);
    ASSERT_TRUE(st.ok()) << st.error_message();

    auto register_schema = [&](const char* definition, v1::Schema* out) {
      v1::RegisterSchemaRequest req;
      req.set_namespace_("mfp");
      req.set_event_type("Person");
      req.set_definition(definition);
      return schemas->RegisterSchema(Context().get(), req, out);
    };
    auto transition = [&](bool activate, v1::Schema* schema) {
      v1::SchemaTransitionRequest req;
      req.set_id(schema->id());
      return activate ? schemas->ActivateSchema(Context().get(), req, schema)
                      : schemas->DeprecateSchema(Context().get(), req, schema);
    };
    for (auto [definition, schema] : {std::pair{kPersonV1, &s.v1_schema},
                                      std::pair{kPersonV2, &s.v2_schema}}) {
      st = register_schema(definition, schema);
      ASSERT_TRUE(st.ok()) << st.error_message();
      st = transition(/*activate=*/true, schema);
      ASSERT_TRUE(st.ok()) << st.error_message();
    }
    ASSERT_EQ(s.v1_schema.version(), 1);
    ASSERT_EQ(s.v2_schema.version(), 2);
    ASSERT_NE(s.v1_schema.global_id(), s.v2_schema.global_id());
    st = register_schema(kPersonPending, &s.pending_schema);
    ASSERT_TRUE(st.ok()) << st.error_message();
    ASSERT_EQ(s.pending_schema.status(), v1::SCHEMA_STATUS_PENDING);

    // 2. Events, encoded by Avro C and framed the Confluent way: one written with version 2, one
    // written with version 1 before it was deprecated.
    std::string v2_event = ConfluentFrame(
        s.v2_schema.global_id(), EncodeWithAvroC(kPersonV2, [](avro_value_t* r) {
          SetString(r, "first_name", "Ada");
          SetString(r, "last_name", "Lovelace");
          SetOptionalInt(r, "age", 36);
          SetOptionalString(r, "username", "ada_λ");
          SetNull(r, "email");
        }));
    std::string v1_event = ConfluentFrame(
        s.v1_schema.global_id(), EncodeWithAvroC(kPersonV1, [](avro_value_t* r) {
          SetString(r, "first_name", "Grace");
          SetString(r, "last_name", "Hopper");
          SetNull(r, "age");
          SetOptionalString(r, "username", "grace");
        }));
    ASSERT_FALSE(::testing::Test::HasFailure());
    s.v2_event_hex = Hex(v2_event);
    st = transition(/*activate=*/false, &s.v1_schema);
    ASSERT_TRUE(st.ok()) << st.error_message();
    ASSERT_EQ(s.v1_schema.status(), v1::SCHEMA_STATUS_DEPRECATED);

    // 3. The stock client. Its venv is normally ready (ctest's confluent_client_venv fixture made
    // it); setting it up here too makes a direct run of this binary work, and costs well under a
    // second when it is up to date. A pip failure fails the suite: nothing is skipped.
    const std::string dir = CAUSEWAY_CONFLUENT_DIR;
    const std::string venv = CAUSEWAY_CONFLUENT_VENV;
    std::string out, err;
    int rc = RunProcess({"bash", dir + "/setup_venv.sh", venv, dir + "/requirements.txt"}, &out,
                        &err);
    ASSERT_EQ(rc, 0) << "setup_venv.sh failed:\n" << out << err;

    rc = RunProcess(
        {venv + "/bin/python", dir + "/stock_client.py", "--url", s.server->http_url(), "--token",
         MakePrincipal(*s.server->NewStub(), "reader", v1::ROLE_CONSUMER, "mfp"), "--topic", kTopic,
         "--event", "v2=" + Hex(v2_event), "--event", "v1=" + Hex(v1_event), "--lookup",
         std::string("v1_reformatted=") + kPersonV1Reformatted, "--lookup",
         std::string("v2=") + kPersonV2, "--lookup", std::string("pending=") + kPersonPending,
         "--lookup", std::string("unknown=") + kUnknown, "--compat",
         std::string("optional_field=") + kCandidateOptional, "--compat",
         std::string("required_field=") + kCandidateRequired, "--writer-schema", kPersonV2,
         "--serialize",
         R"(ada={"first_name": "Ada", "last_name": "Lovelace", "age": 36, "username": "ada_λ",)"
         R"( "email": null})"},
        &s.output, &s.errors, {"PYTHONUTF8=1", "PYTHONDONTWRITEBYTECODE=1"});
    ASSERT_EQ(rc, 0) << "stock_client.py failed:\n" << s.output << s.errors;
    std::cout << "stock client (stock_client.py) answered:\n" << s.output << s.errors << std::flush;
    ASSERT_EQ(s.parser.parse(s.output).get(s.root), simdjson::SUCCESS)
        << "not JSON:\n" << s.output << s.errors;
    s.ran = true;
  }

  // What the client answered at a JSON pointer ("/decoded/v2"), as compact JSON, so a failure
  // shows the whole answer (including the client's exception when it raised one).
  static std::string Json(std::string_view pointer) {
    auto found = state_->root.at_pointer(pointer);
    if (found.error()) return "<nothing at " + std::string(pointer) + ">";
    return simdjson::minify(found.value_unsafe());
  }
  static std::string Str(std::string_view pointer) {
    std::string_view s;
    if (state_->root.at_pointer(pointer).get(s) != simdjson::SUCCESS) return Json(pointer);
    return std::string(s);
  }
  static int64_t Int(std::string_view pointer) {
    int64_t i = 0;
    EXPECT_EQ(state_->root.at_pointer(pointer).get(i), simdjson::SUCCESS)
        << pointer << " is not an integer: " << Json(pointer);
    return i;
  }
  static State* state_;
};

ConfluentClientTest::State* ConfluentClientTest::state_ = nullptr;

TEST_F(ConfluentClientTest, DecodesAnEventWrittenWithTheLatestSchema) {
  SCOPED_TRACE(state_->errors);
  EXPECT_EQ(Json("/decoded/v2"),
            R"({"age":36,"email":null,"first_name":"Ada","last_name":"Lovelace",)"
            R"("username":"ada_λ"})");
  // Resolved to the subject's latest version as the reader's schema: the same record.
  EXPECT_EQ(Json("/decoded_as_latest/v2"), Json("/decoded/v2"));
}

TEST_F(ConfluentClientTest, DecodesAnEventWrittenWithADeprecatedSchema) {
  SCOPED_TRACE(state_->errors);
  // With the writer's schema (version 1, deprecated since the event was written): no email.
  EXPECT_EQ(Json("/decoded/v1"),
            R"({"age":null,"first_name":"Grace","last_name":"Hopper","username":"grace"})");
  // Resolved to version 2 as the reader's schema: email takes its default.
  EXPECT_EQ(Json("/decoded_as_latest/v1"),
            R"({"age":null,"email":null,"first_name":"Grace","last_name":"Hopper",)"
            R"("username":"grace"})");
}

TEST_F(ConfluentClientTest, ConfluentsSerializerWritesTheSameBytesAsAvroC) {
  // A stock producer that never registers (auto.register.schemas=false) finds Causeway's id by
  // look-up, or by taking the latest version, and frames exactly what Avro C framed.
  EXPECT_EQ(Json("/serialized_by_lookup/ada"), "\"" + state_->v2_event_hex + "\"");
  EXPECT_EQ(Json("/serialized_as_latest/ada"), "\"" + state_->v2_event_hex + "\"");
  // With the default auto.register.schemas=true it tries to register: the registry is read-only
  // over HTTP and says so in a Confluent error the client reports.
  EXPECT_EQ(Int("/serialized_auto_register/ada/http_status"), 405)
      << Json("/serialized_auto_register");
  EXPECT_EQ(Int("/serialized_auto_register/ada/error_code"), 40501);
}

TEST_F(ConfluentClientTest, SubjectsAndVersions) {
  EXPECT_EQ(Json("/subjects"), R"(["mfp.person-value"])") << "pending schemas are invisible";
  EXPECT_EQ(Json("/versions"), "[1,2]") << "deprecated versions stay listed";

  EXPECT_EQ(Int("/latest/schema_id"), state_->v2_schema.global_id()) << Json("/latest");
  EXPECT_EQ(Int("/latest/version"), 2);
  EXPECT_EQ(Str("/latest/subject"), kSubject);
  EXPECT_EQ(Str("/latest/schema_type"), "AVRO");
  EXPECT_EQ(Str("/latest/schema_str"), kPersonV2);

  EXPECT_EQ(Int("/version1/schema_id"), state_->v1_schema.global_id()) << Json("/version1");
  EXPECT_EQ(Int("/version1/version"), 1);
  EXPECT_EQ(Str("/version1/subject"), kSubject);
  EXPECT_EQ(Str("/version1/schema_str"), kPersonV1);
}

TEST_F(ConfluentClientTest, SchemasById) {
  EXPECT_EQ(Str("/schema_by_id"), kPersonV1);
  EXPECT_EQ(Json("/versions_by_id"), R"([{"subject":"mfp.person-value","version":1}])");
}

TEST_F(ConfluentClientTest, CompatibilityLevels) {
  EXPECT_EQ(Json("/global_compatibility"), R"("BACKWARD")");
  EXPECT_EQ(Json("/subject_compatibility"), R"("BACKWARD")");
}

TEST_F(ConfluentClientTest, LookupFindsVisibleSchemasWhateverTheirFormatting) {
  EXPECT_EQ(Int("/lookup/v1_reformatted/schema_id"), state_->v1_schema.global_id())
      << Json("/lookup/v1_reformatted");
  EXPECT_EQ(Int("/lookup/v1_reformatted/version"), 1);
  EXPECT_EQ(Str("/lookup/v1_reformatted/subject"), kSubject);
  EXPECT_EQ(Int("/lookup/v2/schema_id"), state_->v2_schema.global_id()) << Json("/lookup/v2");
  EXPECT_EQ(Int("/lookup/v2/version"), 2);
}

TEST_F(ConfluentClientTest, LookupOfPendingOrUnknownSchemaIsSchemaNotFound) {
  for (const char* name : {"/lookup/pending", "/lookup/unknown"}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(Str(std::string(name) + "/error"), "SchemaRegistryError") << Json(name);
    EXPECT_EQ(Int(std::string(name) + "/http_status"), 404);
    EXPECT_EQ(Int(std::string(name) + "/error_code"), 40403);
  }
}

TEST_F(ConfluentClientTest, TestCompatibilityAgainstTheLatestVersion) {
  EXPECT_EQ(Json("/compatible/optional_field"), "true");
  EXPECT_EQ(Json("/compatible/required_field"), "false");
}

TEST_F(ConfluentClientTest, RefusalsAreConfluentErrors) {
  EXPECT_EQ(Json("/unknown_subject/error_code"), "40401") << Json("/unknown_subject");
  EXPECT_EQ(Json("/unknown_subject/http_status"), "404");
  EXPECT_EQ(Json("/unknown_version/error_code"), "40402") << Json("/unknown_version");
  EXPECT_EQ(Json("/unknown_version/http_status"), "404");
  EXPECT_EQ(Json("/unknown_id/error_code"), "40403") << Json("/unknown_id");
  EXPECT_EQ(Json("/unknown_id/http_status"), "404");
}

}  // namespace
}  // namespace causeway::testing
