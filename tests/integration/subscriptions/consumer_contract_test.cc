// Consumer contracts (issue 12 part 2): reader schemas on subscriptions, checked against the
// event type's schemas, and activations checked against the reader schemas of ACTIVE
// subscriptions (refused naming subscription and owner; forced and recorded in the history;
// CheckCompatibility check_subscriptions reporting the same without a change).
#include "absl/strings/match.h"
#include "causeway/topology/v1/schema_registry.grpc.pb.h"
#include "integration/schemas/schema_fixture.h"
#include "subscription_fixture.h"

namespace causeway::testing {
namespace {

// Person v1 without last_name: BACKWARD compatible (a reader of it skips last_name), but a v1
// reader cannot read it (last_name has no default).
constexpr char kPersonFirstNameOnly[] = R"({
  "type": "record", "name": "Person", "namespace": "com.example",
  "fields": [{"name": "first_name", "type": "string"}]})";

class ConsumerContractTest : public SubscriptionTest {
 protected:
  void SetUp() override {
    SubscriptionTest::SetUp();
    schemas_ = server_->NewSchemaStub();
    v1_ = Register(kPersonV1);
    ASSERT_TRUE(Activate(v1_.id(), false).ok());
  }

  v1::Schema Register(const std::string& definition) {
    v1::RegisterSchemaRequest req;
    req.set_namespace_(ns_);
    req.set_event_type("Person");
    req.set_definition(definition);
    v1::Schema out;
    grpc::Status st = schemas_->RegisterSchema(Context().get(), req, &out);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return out;
  }

  grpc::Status Activate(const std::string& id, bool force, v1::Schema* out = nullptr) {
    v1::SchemaTransitionRequest req;
    req.set_id(id);
    req.set_force(force);
    v1::Schema ignored;
    return schemas_->ActivateSchema(Context().get(), req, out ? out : &ignored);
  }

  v1::CheckCompatibilityResponse Check(const std::string& definition) {
    v1::CheckCompatibilityRequest req;
    req.set_namespace_(ns_);
    req.set_event_type("Person");
    req.set_definition(definition);
    req.set_check_subscriptions(true);
    v1::CheckCompatibilityResponse out;
    grpc::Status st = schemas_->CheckCompatibility(Context().get(), req, &out);
    EXPECT_TRUE(st.ok()) << st.error_message();
    return out;
  }

  // A pull subscription of Person reading with `reader`.
  v1::Subscription WithReader(const v1::ReaderSchema& reader) {
    v1::Subscription s = Draft();
    s.clear_endpoint();
    *s.add_reader_schemas() = reader;
    return s;
  }
  static v1::ReaderSchema Inline(const std::string& definition) {
    v1::ReaderSchema r;
    r.set_definition(definition);
    return r;
  }

  std::unique_ptr<v1::SchemaRegistry::Stub> schemas_;
  v1::Schema v1_;
};

TEST_F(ConsumerContractTest, AReaderSchemaInlineOrRegisteredIsCompletedOnOutput) {
  v1::CreateSubscriptionResponse inline_reader = MustCreate(alice_, WithReader(Inline(kPersonV1)));
  ASSERT_EQ(inline_reader.subscription().reader_schemas_size(), 1);
  const v1::ReaderSchema& r = inline_reader.subscription().reader_schemas(0);
  EXPECT_EQ(r.event_type().namespace_(), ns_);  // omitted: the one event type
  EXPECT_EQ(r.event_type().name(), "Person");
  EXPECT_EQ(r.fingerprint(), v1_.id());  // the same canonical form as the registered v1
  EXPECT_EQ(r.definition(), kPersonV1);

  // A registered schema of any status: v2 is still PENDING, and it can read v1 (defaults).
  const v1::Schema v2 = Register(kPersonV2);
  v1::ReaderSchema by_id;
  by_id.set_schema_id(v2.id());
  v1::CreateSubscriptionResponse registered = MustCreate(alice_, WithReader(by_id));
  const v1::ReaderSchema& g = registered.subscription().reader_schemas(0);
  EXPECT_EQ(g.schema_id(), v2.id());
  EXPECT_EQ(g.fingerprint(), v2.id());
  EXPECT_EQ(g.definition(), kPersonV2);

  // Updating other fields keeps the reader; replacing it checks the new one.
  v1::Subscription change = registered.subscription();
  change.clear_reader_schemas();
  change.set_description("reads v2");
  v1::Subscription updated;
  ASSERT_TRUE(Update(alice_, change, &updated).ok());
  EXPECT_EQ(updated.reader_schemas(0).fingerprint(), v2.id());
  *updated.add_reader_schemas() = Inline(kPersonRequiredAge);
  updated.mutable_reader_schemas()->DeleteSubrange(0, 1);
  grpc::Status st = Update(alice_, updated, &change);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << st.error_message();
}

TEST_F(ConsumerContractTest, AReaderThatCannotReadAnAvailableSchemaIsRefused) {
  struct Case {
    const char* what;
    v1::Subscription sub;
    grpc::StatusCode code;
    std::string message_part;
  };
  v1::Subscription twice = WithReader(Inline(kPersonV1));
  *twice.add_reader_schemas() = Inline(kPersonV2);
  v1::ReaderSchema unknown;
  unknown.set_schema_id(std::string(32, 'a'));
  v1::ReaderSchema both = Inline(kPersonV1);
  both.set_schema_id(v1_.id());
  v1::ReaderSchema other_type = Inline(kPersonV1);
  other_type.mutable_event_type()->set_namespace_(ns_);
  other_type.mutable_event_type()->set_name("Meal");
  const std::vector<Case> cases = {
      {"required field the writer lacks", WithReader(Inline(kPersonRequiredAge)),
       grpc::StatusCode::FAILED_PRECONDITION,
       "subscription.reader_schemas[0] cannot read " + ns_ + "/Person schema " + v1_.id() +
           ": $.fields.age: "},
      {"not Avro", WithReader(Inline(R"({"type": "record", "name": "P", "fields": [{"name": "a", "type": "strng"}]})")),
       grpc::StatusCode::INVALID_ARGUMENT,
       "subscription.reader_schemas[0].definition: $.fields[0].type: "},
      {"over 64 KiB", WithReader(Inline(std::string(65537, ' ') + kPersonV1)),
       grpc::StatusCode::INVALID_ARGUMENT,
       "subscription.reader_schemas[0].definition: longer than 65536 bytes (65"},
      {"twice", twice, grpc::StatusCode::INVALID_ARGUMENT,
       "subscription.reader_schemas[1].event_type: \"" + ns_ + "/Person\" has a reader schema already"},
      {"unknown id", WithReader(unknown), grpc::StatusCode::NOT_FOUND,
       "subscription.reader_schemas[0].schema_id: schema \"" + std::string(32, 'a') +
           "\" is not registered for " + ns_ + "/Person"},
      {"both", WithReader(both), grpc::StatusCode::INVALID_ARGUMENT,
       "subscription.reader_schemas[0]: set exactly one of schema_id and definition"},
      {"not its event type", WithReader(other_type), grpc::StatusCode::INVALID_ARGUMENT,
       "subscription.reader_schemas[0].event_type: \"" + ns_ + "/Meal\" is not an event type"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    const int64_t before = server_->hub().revision();
    v1::CreateSubscriptionResponse out;
    grpc::Status st = Create(alice_, c.sub, &out);
    EXPECT_EQ(st.error_code(), c.code) << st.error_message();
    EXPECT_TRUE(absl::StartsWith(st.error_message(), c.message_part)) << st.error_message();
    EXPECT_EQ(server_->hub().revision(), before) << "a refused create wrote something";
  }
}

TEST_F(ConsumerContractTest, AClearedReaderNoLongerBlocksAnActivation) {
  v1::Subscription reader = MustCreate(alice_, WithReader(Inline(kPersonV1))).subscription();
  const v1::Schema candidate = Register(kPersonFirstNameOnly);
  EXPECT_EQ(Check(kPersonFirstNameOnly).broken_subscriptions_size(), 1);

  // Clearing together with a replacement is a contradiction.
  v1::UpdateSubscriptionRequest both;
  *both.mutable_subscription() = reader;
  both.set_clear_reader_schemas(true);
  v1::Subscription out;
  grpc::Status st = stub_->UpdateSubscription(ContextWithToken(alice_).get(), both, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(absl::StrContains(st.error_message(), "clear_reader_schemas: ")) << st.error_message();

  v1::UpdateSubscriptionRequest clear;
  *clear.mutable_subscription() = reader;
  clear.mutable_subscription()->clear_reader_schemas();
  clear.set_clear_reader_schemas(true);
  st = stub_->UpdateSubscription(ContextWithToken(alice_).get(), clear, &out);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(out.reader_schemas_size(), 0);
  EXPECT_EQ(out.version(), reader.version() + 1);

  const v1::CheckCompatibilityResponse check = Check(kPersonFirstNameOnly);
  EXPECT_EQ(check.broken_subscriptions_size(), 0);
  EXPECT_EQ(check.checked_subscriptions_size(), 0) << "a subscription without reader is not checked";
  st = Activate(candidate.id(), false);
  EXPECT_TRUE(st.ok()) << st.error_message();
}

TEST_F(ConsumerContractTest, ActivationIsCheckedAgainstActiveReaders) {
  const v1::Subscription reader = MustCreate(alice_, WithReader(Inline(kPersonV1))).subscription();
  const v1::Schema candidate = Register(kPersonFirstNameOnly);

  // Refused, naming the subscription, its owner and the path; nothing changes.
  grpc::Status st = Activate(candidate.id(), false);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(
      st.error_message(), "would break 1 subscription: " + reader.name() + " (owner " +
                              reader.owner() + "): $.fields.last_name: "))
      << st.error_message();

  // The dry run says the same.
  v1::CheckCompatibilityResponse check = Check(kPersonFirstNameOnly);
  EXPECT_FALSE(check.compatible());
  EXPECT_EQ(check.incompatibilities_size(), 0);  // the writer check passes
  ASSERT_EQ(check.broken_subscriptions_size(), 1);
  EXPECT_EQ(check.broken_subscriptions(0).subscription(), reader.name());
  EXPECT_EQ(check.broken_subscriptions(0).owner(), reader.owner());
  EXPECT_EQ(check.broken_subscriptions(0).reader_fingerprint(), v1_.id());
  ASSERT_EQ(check.broken_subscriptions(0).incompatibilities_size(), 1);
  EXPECT_EQ(check.broken_subscriptions(0).incompatibilities(0).path(), "$.fields.last_name");
  EXPECT_EQ(check.broken_subscriptions(0).incompatibilities(0).kind(),
            "READER_FIELD_MISSING_DEFAULT_VALUE");
  ASSERT_EQ(check.checked_subscriptions_size(), 1);

  // A suspended subscription's reader does not block (and is not checked).
  v1::SetSubscriptionStateRequest suspend;
  suspend.set_name(reader.name());
  suspend.set_state(v1::SUBSCRIPTION_STATE_SUSPENDED);
  v1::Subscription state;
  ASSERT_TRUE(stub_->SetSubscriptionState(ContextWithToken(alice_).get(), suspend, &state).ok());
  check = Check(kPersonFirstNameOnly);
  EXPECT_TRUE(check.compatible());
  EXPECT_EQ(check.checked_subscriptions_size(), 0);
  suspend.set_state(v1::SUBSCRIPTION_STATE_ACTIVE);
  ASSERT_TRUE(stub_->SetSubscriptionState(ContextWithToken(alice_).get(), suspend, &state).ok());

  v1::Schema schema;
  ASSERT_TRUE(schemas_->GetSchema(Context().get(),
                                  [&] {
                                    v1::GetSchemaRequest r;
                                    r.set_id(candidate.id());
                                    return r;
                                  }(),
                                  &schema)
                  .ok());
  EXPECT_EQ(schema.status(), v1::SCHEMA_STATUS_PENDING) << "the refusal and the check changed it";

  // Forced: activated, and its history entry lists the subscription it broke.
  st = Activate(candidate.id(), true, &schema);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(schema.status(), v1::SCHEMA_STATUS_AVAILABLE);
  v1::ListHistoryRequest history;
  history.set_entity("event_type/" + ns_ + "/Person");
  history.set_page_size(5);
  v1::ListHistoryResponse changes;
  ASSERT_TRUE(stub_->ListHistory(Context().get(), history, &changes).ok());
  ASSERT_GT(changes.changes_size(), 0);
  const v1::Change& newest = changes.changes(0);
  EXPECT_EQ(newest.schema().id(), candidate.id());
  ASSERT_EQ(newest.broken_subscriptions_size(), 1);
  EXPECT_EQ(newest.broken_subscriptions(0).subscription(), reader.name());
  EXPECT_EQ(newest.broken_subscriptions(0).owner(), reader.owner());
  EXPECT_EQ(newest.broken_subscriptions(0).incompatibilities(0).path(), "$.fields.last_name");
  // An earlier activation (v1's) broke nothing.
  for (int i = 1; i < changes.changes_size(); ++i) {
    EXPECT_EQ(changes.changes(i).broken_subscriptions_size(), 0);
  }
}

}  // namespace
}  // namespace causeway::testing
