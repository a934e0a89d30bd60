#pragma once
// A topology with namespace `mfp` and event type `mfp/Person`, and helpers for schemas.
#include <gtest/gtest.h>

#include "support/test_database.h"
#include "support/test_placement.h"
#include "support/topology_server.h"

namespace causeway::testing {

namespace v1 = ::causeway::topology::v1;

// The seed talk's Person, version 1.
inline constexpr char kPersonV1[] = R"({
  "type": "record", "name": "Person", "namespace": "com.example",
  "fields": [
    {"name": "first_name", "type": "string"},
    {"name": "last_name", "type": "string"}
  ]})";

// Adds nullable age and username with defaults: BACKWARD and FORWARD compatible with v1.
inline constexpr char kPersonV2[] = R"({
  "type": "record", "name": "Person", "namespace": "com.example",
  "fields": [
    {"name": "first_name", "type": "string"},
    {"name": "last_name", "type": "string"},
    {"name": "age", "type": ["null", "int"], "default": null},
    {"name": "username", "type": ["null", "string"], "default": null}
  ]})";

// Adds a required field: a v2 reader cannot read v1 data (BACKWARD break).
inline constexpr char kPersonRequiredAge[] = R"({
  "type": "record", "name": "Person", "namespace": "com.example",
  "fields": [
    {"name": "first_name", "type": "string"},
    {"name": "last_name", "type": "string"},
    {"name": "age", "type": "int"}
  ]})";

class SchemaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>();
    server_ = std::make_unique<TopologyServer>(
        db_->dsn(), NoTopicProvisioner());
    topology_ = server_->NewStub();
    schemas_ = server_->NewSchemaStub();
    v1::CreateNamespaceRequest ns;
    ns.mutable_namespace_()->set_name("mfp");
    v1::Namespace n;
    ASSERT_TRUE(topology_->CreateNamespace(Context().get(), ns, &n).ok());
    v1::CreateEventTypeRequest et;
    et.mutable_event_type()->set_namespace_("mfp");
    et.mutable_event_type()->set_name("Person");
    v1::EventType e;
    ASSERT_TRUE(topology_->CreateEventType(Context().get(), et, &e).ok());
  }

  grpc::Status Register(const std::string& definition, v1::Schema* out,
                        const std::string& event_type = "Person") {
    v1::RegisterSchemaRequest req;
    req.set_namespace_("mfp");
    req.set_event_type(event_type);
    req.set_definition(definition);
    return schemas_->RegisterSchema(Context().get(), req, out);
  }
  grpc::Status Activate(const std::string& id, v1::Schema* out) {
    v1::SchemaTransitionRequest req;
    req.set_id(id);
    return schemas_->ActivateSchema(Context().get(), req, out);
  }
  grpc::Status Deprecate(const std::string& id, v1::Schema* out) {
    v1::SchemaTransitionRequest req;
    req.set_id(id);
    return schemas_->DeprecateSchema(Context().get(), req, out);
  }
  v1::Schema RegisterAndActivate(const std::string& definition) {
    v1::Schema s;
    EXPECT_TRUE(Register(definition, &s).ok());
    grpc::Status st = Activate(s.id(), &s);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return s;
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<TopologyServer> server_;
  std::unique_ptr<v1::Topology::Stub> topology_;
  std::unique_ptr<v1::SchemaRegistry::Stub> schemas_;
};

}  // namespace causeway::testing
