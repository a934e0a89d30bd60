// The schema lifecycle against a real PostgreSQL: registration, activation with the compatibility
// check, deprecation, the audit trail, Watch, and racing activations.
#include <thread>

#include "schema_fixture.h"

namespace causeway::testing {
namespace {

TEST_F(SchemaTest, RegisteringReturnsPendingWithMd5IdAndGlobalId) {
  v1::Schema s;
  ASSERT_TRUE(Register(kPersonV1, &s).ok());
  EXPECT_EQ(s.status(), v1::SCHEMA_STATUS_PENDING);
  EXPECT_EQ(s.id().size(), 32u);
  EXPECT_GT(s.global_id(), 0);
  EXPECT_EQ(s.version(), 0);
  EXPECT_EQ(s.canonical_form(),
            R"({"name":"com.example.Person","type":"record","fields":[{"name":"first_name","type":"string"},{"name":"last_name","type":"string"}]})");
}

TEST_F(SchemaTest, RegisteringTheSameSchemaAgainReturnsTheSameIds) {
  v1::Schema first, again;
  ASSERT_TRUE(Register(kPersonV1, &first).ok());
  // Other whitespace, attribute order and a doc: the same canonical form.
  const char* same = R"({"fields":[{"type":"string","name":"first_name","doc":"given name"},
      {"name":"last_name","type":"string"}],"namespace":"com.example","name":"Person",
      "type":"record","doc":"a person"})";
  ASSERT_TRUE(Register(same, &again).ok());
  EXPECT_EQ(again.id(), first.id());
  EXPECT_EQ(again.global_id(), first.global_id());
}

TEST_F(SchemaTest, InvalidSchemaIsRefusedWithThePathToTheFault) {
  v1::Schema s;
  grpc::Status st = Register(R"({"type":"record","name":"P","fields":[
      {"name":"a","type":"int"},{"name":"b","type":"int"},{"name":"c","type":"strng"}]})", &s);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(st.error_message().find("$.fields[2].type"), std::string::npos) << st.error_message();
  EXPECT_EQ(Register("not json", &s).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::RegisterSchemaRequest req;
  req.set_namespace_("mfp");
  req.set_event_type("Nope");
  req.set_definition(kPersonV1);
  EXPECT_EQ(schemas_->RegisterSchema(Context().get(), req, &s).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(SchemaTest, ActivationAssignsVersionsAndRecordsWhoAndWhen) {
  v1::Schema s;
  ASSERT_TRUE(Register(kPersonV1, &s).ok());
  ASSERT_TRUE(Activate(s.id(), &s).ok());
  EXPECT_EQ(s.status(), v1::SCHEMA_STATUS_AVAILABLE);
  EXPECT_EQ(s.version(), 1);
  EXPECT_EQ(s.status_by(), kTestAdmin);
  EXPECT_TRUE(s.has_status_time());
  v1::Schema v2 = RegisterAndActivate(kPersonV2);
  EXPECT_EQ(v2.version(), 2);

  v1::ListHistoryRequest req;
  req.set_entity("event_type/mfp/Person/schema/" + s.id());
  v1::ListHistoryResponse history;
  ASSERT_TRUE(topology_->ListHistory(Context().get(), req, &history).ok());
  ASSERT_EQ(history.changes_size(), 2);
  EXPECT_EQ(history.changes(0).schema().status(), v1::SCHEMA_STATUS_AVAILABLE);
  EXPECT_EQ(history.changes(0).actor(), kTestAdmin) << "the authenticated principal";
  EXPECT_EQ(history.changes(1).schema().status(), v1::SCHEMA_STATUS_PENDING);
}

TEST_F(SchemaTest, ActivationRefusesFieldWithoutDefault) {
  RegisterAndActivate(kPersonV1);
  v1::Schema bad;
  ASSERT_TRUE(Register(kPersonRequiredAge, &bad).ok());
  grpc::Status st = Activate(bad.id(), &bad);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(st.error_message().find("$.fields.age"), std::string::npos) << st.error_message();
  EXPECT_NE(st.error_message().find("READER_FIELD_MISSING_DEFAULT"), std::string::npos);
  v1::GetSchemaRequest get;
  get.set_id(bad.id());
  v1::Schema still;
  ASSERT_TRUE(schemas_->GetSchema(Context().get(), get, &still).ok());
  EXPECT_EQ(still.status(), v1::SCHEMA_STATUS_PENDING) << "a refused activation changes nothing";
}

TEST_F(SchemaTest, CompatibilityModeDecidesTheDirection) {
  RegisterAndActivate(kPersonV1);
  v1::SetCompatibilityModeRequest mode;
  mode.set_namespace_("mfp");
  mode.set_event_type("Person");
  mode.set_mode(v1::COMPATIBILITY_MODE_FORWARD);
  v1::EventType et;
  ASSERT_TRUE(schemas_->SetCompatibilityMode(Context().get(), mode, &et).ok());
  EXPECT_EQ(et.compatibility(), v1::COMPATIBILITY_MODE_FORWARD);
  // FORWARD: v1 readers can read data with a new required field (they ignore it).
  v1::Schema s;
  ASSERT_TRUE(Register(kPersonRequiredAge, &s).ok());
  EXPECT_TRUE(Activate(s.id(), &s).ok());
}

TEST_F(SchemaTest, CheckCompatibilityIsADryRunListingEveryReason) {
  v1::Schema v1s = RegisterAndActivate(kPersonV1);
  v1::CheckCompatibilityRequest req;
  req.set_namespace_("mfp");
  req.set_event_type("Person");
  req.set_definition(R"({"type":"record","name":"Person","namespace":"com.example","fields":[
      {"name":"first_name","type":"int"},{"name":"last_name","type":"string"},
      {"name":"age","type":"int"}]})");
  v1::CheckCompatibilityResponse resp;
  ASSERT_TRUE(schemas_->CheckCompatibility(Context().get(), req, &resp).ok());
  EXPECT_FALSE(resp.compatible());
  EXPECT_EQ(resp.mode(), v1::COMPATIBILITY_MODE_BACKWARD);
  ASSERT_EQ(resp.incompatibilities_size(), 2);
  std::set<std::string> paths;
  for (const auto& inc : resp.incompatibilities()) {
    paths.insert(inc.path());
    EXPECT_EQ(inc.against_id(), v1s.id());
  }
  EXPECT_EQ(paths, (std::set<std::string>{"$.fields.first_name", "$.fields.age"}));

  req.set_definition(kPersonV2);
  ASSERT_TRUE(schemas_->CheckCompatibility(Context().get(), req, &resp).ok());
  EXPECT_TRUE(resp.compatible());
  v1::ListSchemasRequest list;
  list.set_namespace_("mfp");
  list.set_event_type("Person");
  v1::ListSchemasResponse schemas;
  ASSERT_TRUE(schemas_->ListSchemas(Context().get(), list, &schemas).ok());
  EXPECT_EQ(schemas.schemas_size(), 1) << "the dry run registers nothing";
}

TEST_F(SchemaTest, TransitiveModesCompareWithEveryAvailableSchema) {
  RegisterAndActivate(kPersonV1);
  // v2 drops last_name: fine for BACKWARD against v1 (readers ignore extra writer fields)...
  RegisterAndActivate(R"({"type":"record","name":"Person","namespace":"com.example",
      "fields":[{"name":"first_name","type":"string"}]})");
  // ...v3 brings last_name back without a default: readable from v2 data? No: v2 lacks it.
  const char* v3 = R"({"type":"record","name":"Person","namespace":"com.example","fields":[
      {"name":"first_name","type":"string"},{"name":"last_name","type":"string","default":""}]})";
  v1::CheckCompatibilityRequest req;
  req.set_namespace_("mfp");
  req.set_event_type("Person");
  req.set_definition(v3);
  v1::CheckCompatibilityResponse resp;
  ASSERT_TRUE(schemas_->CheckCompatibility(Context().get(), req, &resp).ok());
  EXPECT_TRUE(resp.compatible());
  EXPECT_EQ(resp.compared_with_size(), 1) << "BACKWARD compares with the newest only";
  req.set_mode(v1::COMPATIBILITY_MODE_FORWARD_TRANSITIVE);
  ASSERT_TRUE(schemas_->CheckCompatibility(Context().get(), req, &resp).ok());
  EXPECT_EQ(resp.compared_with_size(), 2);
}

TEST_F(SchemaTest, DeprecationLifecycleAndInvalidTransitions) {
  v1::Schema s = RegisterAndActivate(kPersonV1);
  v1::Schema pending;
  ASSERT_TRUE(Register(kPersonV2, &pending).ok());
  v1::Schema out;
  EXPECT_EQ(Deprecate(pending.id(), &out).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(Deprecate(s.id(), &out).ok());
  EXPECT_EQ(out.status(), v1::SCHEMA_STATUS_DEPRECATED);
  EXPECT_EQ(out.version(), 1) << "deprecated schemas keep their version (still decodable)";
  ASSERT_TRUE(Deprecate(s.id(), &out).ok()) << "deprecating twice is a no-op";
  v1::SchemaTransitionRequest unknown;
  unknown.set_id(std::string(32, 'a'));
  EXPECT_EQ(schemas_->ActivateSchema(Context().get(), unknown, &out).error_code(),
            grpc::StatusCode::NOT_FOUND);
  unknown.set_id("XYZ");
  EXPECT_EQ(schemas_->ActivateSchema(Context().get(), unknown, &out).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(SchemaTest, RacingActivationsAreSerialised) {
  RegisterAndActivate(kPersonV1);
  // Each is BACKWARD compatible with v1 but not with the other: whichever activates second must
  // be compared with the first and refused.
  const char* a = R"({"type":"record","name":"Person","namespace":"com.example","fields":[
      {"name":"first_name","type":"string"},{"name":"last_name","type":"string"},
      {"name":"tag","type":"string","default":""}]})";
  const char* b = R"({"type":"record","name":"Person","namespace":"com.example","fields":[
      {"name":"first_name","type":"string"},{"name":"last_name","type":"string"},
      {"name":"tag","type":"int","default":0}]})";
  v1::Schema sa, sb;
  ASSERT_TRUE(Register(a, &sa).ok());
  ASSERT_TRUE(Register(b, &sb).ok());
  grpc::Status ra, rb;
  std::thread ta([&] {
    auto stub = server_->NewSchemaStub();
    v1::SchemaTransitionRequest req;
    req.set_id(sa.id());
    v1::Schema out;
    ra = stub->ActivateSchema(Context().get(), req, &out);
  });
  std::thread tb([&] {
    auto stub = server_->NewSchemaStub();
    v1::SchemaTransitionRequest req;
    req.set_id(sb.id());
    v1::Schema out;
    rb = stub->ActivateSchema(Context().get(), req, &out);
  });
  ta.join();
  tb.join();
  EXPECT_NE(ra.ok(), rb.ok()) << "exactly one wins: " << ra.error_message() << " / "
                              << rb.error_message();
  const grpc::Status& loser = ra.ok() ? rb : ra;
  EXPECT_EQ(loser.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(SchemaTest, SchemaChangesReachWatchAndDeletingTheEventTypeDropsThem) {
  v1::Schema s = RegisterAndActivate(kPersonV1);
  auto view = server_->hub().view();
  ASSERT_EQ(view->SchemasOf("mfp", "Person").size(), 1u);
  EXPECT_EQ(view->SchemasOf("mfp", "Person")[0]->status(), v1::SCHEMA_STATUS_AVAILABLE);
  v1::DeleteEventTypeRequest del;
  del.set_namespace_("mfp");
  del.set_name("Person");
  v1::DeleteResponse none;
  ASSERT_TRUE(topology_->DeleteEventType(Context().get(), del, &none).ok());
  EXPECT_TRUE(server_->hub().view()->SchemasOf("mfp", "Person").empty());
  v1::ListHistoryRequest req;
  req.set_entity("event_type/mfp/Person/schema/" + s.id());
  v1::ListHistoryResponse history;
  ASSERT_TRUE(topology_->ListHistory(Context().get(), req, &history).ok());
  EXPECT_EQ(history.changes(0).op(), v1::Change::OP_DELETE);
}

TEST_F(SchemaTest, GetByGlobalIdAndAmbiguousIds) {
  v1::Schema s = RegisterAndActivate(kPersonV1);
  v1::GetSchemaRequest by_global;
  by_global.set_global_id(s.global_id());
  v1::Schema got;
  ASSERT_TRUE(schemas_->GetSchema(Context().get(), by_global, &got).ok());
  EXPECT_EQ(got.id(), s.id());
  // The same schema on a second event type: same ids, and a bare id becomes ambiguous.
  v1::CreateEventTypeRequest et;
  et.mutable_event_type()->set_namespace_("mfp");
  et.mutable_event_type()->set_name("Person2");
  v1::EventType e;
  ASSERT_TRUE(topology_->CreateEventType(Context().get(), et, &e).ok());
  v1::Schema other;
  ASSERT_TRUE(Register(kPersonV1, &other, "Person2").ok());
  EXPECT_EQ(other.global_id(), s.global_id());
  EXPECT_EQ(other.status(), v1::SCHEMA_STATUS_PENDING);
  v1::Schema out;
  EXPECT_EQ(Activate(s.id(), &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  v1::SchemaTransitionRequest named;
  named.set_id(s.id());
  named.set_namespace_("mfp");
  named.set_event_type("Person2");
  EXPECT_TRUE(schemas_->ActivateSchema(Context().get(), named, &out).ok());
}

}  // namespace
}  // namespace causeway::testing
