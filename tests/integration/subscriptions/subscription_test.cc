// The subscription lifecycle on causeway-topology: create (defaults, zone, topics on the broker,
// the secret shown once), get, list, update with optimistic concurrency, history, Watch, secret
// rotation, private endpoints, who may manage one, and what a subscription keeps from deletion.
#include <pqxx/pqxx>

#include <algorithm>

#include "common/auth/webhook_secret.h"
#include "google/protobuf/util/time_util.h"
#include "subscription_fixture.h"

namespace causeway::testing {
namespace {

using google::protobuf::util::TimeUtil;

bool Contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Every row of the subscription tables and the history, as text.
std::string StoredText(const std::string& dsn) {
  pqxx::connection conn(dsn);
  pqxx::nontransaction txn(conn);
  std::string all;
  for (const char* sql : {"SELECT body::text FROM subscriptions", "SELECT body::text FROM changes"}) {
    for (const auto& row : txn.exec(sql)) all += row[0].as<std::string>();
  }
  return all;
}

TEST_F(SubscriptionTest, CreateFillsDefaultsChoosesTheZoneAndAnswersTheSecretOnce) {
  v1::CreateSubscriptionResponse created = MustCreate(alice_, Draft({"Person", "Meal"}));
  const v1::Subscription& s = created.subscription();
  EXPECT_EQ(s.owner(), "alice");
  EXPECT_EQ(s.zone(), "eu") << "the one zone holding both event types";
  EXPECT_EQ(s.version(), 1);
  EXPECT_EQ(s.ordering(), v1::SUBSCRIPTION_ORDERING_KEY);
  EXPECT_EQ(s.content(), v1::SUBSCRIPTION_CONTENT_JSON);
  EXPECT_EQ(s.start(), v1::START_POSITION_LATEST);
  EXPECT_EQ(s.state(), v1::SUBSCRIPTION_STATE_ACTIVE);
  EXPECT_EQ(s.delivery().max_in_flight(), 100);
  EXPECT_EQ(s.delivery().initial_backoff_ms(), 1000);
  EXPECT_EQ(s.delivery().backoff_multiplier(), 2);
  EXPECT_EQ(s.delivery().max_backoff_ms(), 600000);
  EXPECT_EQ(s.delivery().max_retry_duration_ms(), 3600000);
  EXPECT_EQ(s.delivery().attempt_timeout_ms(), 10000);
  EXPECT_EQ(s.delivery().max_retry_after_ms(), 600000);
  EXPECT_EQ(s.delivery().batch().max_wait_ms(), 100);
  EXPECT_EQ(s.delivery().batch().max_bytes(), 1 << 20);
  EXPECT_EQ(s.dead_letter_topic(), "causeway.sub." + s.name() + ".dead-letters");
  EXPECT_EQ(s.redrive_topic(), "causeway.sub." + s.name() + ".redrive");
  ASSERT_EQ(s.secrets_size(), 1);
  EXPECT_EQ(s.secrets(0).id().size(), 24u);
  EXPECT_FALSE(s.secrets(0).has_expire_time());
  // The relay derives the same secret from the shared key and the id; nothing stores it.
  EXPECT_EQ(created.signing_secret(),
            auth::DeriveWebhookSecret(kTestSigningKey, s.name(), s.secrets(0).id()));
  EXPECT_EQ(created.signing_secret().rfind("whsec_", 0), 0u);

  v1::GetSubscriptionRequest get;
  get.set_name(s.name());
  v1::Subscription read;
  ASSERT_TRUE(stub_->GetSubscription(ContextWithToken(alice_).get(), get, &read).ok());
  EXPECT_EQ(read.SerializeAsString(), s.SerializeAsString());
  const std::string stored = StoredText(db_->dsn());
  EXPECT_TRUE(Contains(stored, s.secrets(0).id()));
  EXPECT_FALSE(Contains(stored, created.signing_secret().substr(6)))
      << "the secret is not in the database";
}

TEST_F(SubscriptionTest, TopicsExistOnTheBrokerWithTheSourcesLayout) {
  v1::Subscription s = MustCreate(alice_, Draft({"Person", "Meal"})).subscription();
  kafka::RdKafkaTopicAdmin admin;
  for (const std::string& topic : {s.dead_letter_topic(), s.redrive_topic()}) {
    auto described = admin.DescribeTopic({KafkaBootstrap(), {}}, topic);
    ASSERT_TRUE(described.ok()) << topic << ": " << described.status();
    EXPECT_EQ(described->partitions, 5) << "the most partitions of the event types (Meal)";
    EXPECT_EQ(described->replication_factor, 1) << "the zone's";
    EXPECT_EQ(described->config.at(kafka::kMinInsyncReplicasConfig), "1");
  }
}

TEST_F(SubscriptionTest, GetListUpdateDeleteWithHistoryAndStaleVersions) {
  v1::Subscription s = MustCreate(alice_, Draft({"Person", "Meal"})).subscription();
  v1::Subscription other = MustCreate(alice_, Draft({"Meal"})).subscription();

  auto list = [&](const std::string& parent) {
    v1::ListRequest req;
    req.set_parent(parent);
    v1::ListSubscriptionsResponse out;
    grpc::Status st = stub_->ListSubscriptions(Context().get(), req, &out);
    EXPECT_TRUE(st.ok()) << st.error_message();
    std::vector<std::string> names;
    for (const auto& item : out.subscriptions()) names.push_back(item.name());
    return names;
  };
  std::vector<std::string> both = {s.name(), other.name()};
  std::sort(both.begin(), both.end());
  EXPECT_EQ(list(""), both);
  EXPECT_EQ(list("namespace:" + ns_), both);
  EXPECT_EQ(list("owner:alice"), both);
  EXPECT_TRUE(list("owner:bob").empty());
  MakeNamespace("elsewhere");
  EXPECT_TRUE(list("namespace:elsewhere").empty());
  v1::ListRequest bad;
  bad.set_parent("zone:eu");
  v1::ListSubscriptionsResponse none;
  EXPECT_EQ(stub_->ListSubscriptions(Context().get(), bad, &none).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  v1::Subscription change = s;
  change.set_description("orders to the billing hook");
  change.mutable_delivery()->set_max_in_flight(5);
  change.set_ordering(v1::SUBSCRIPTION_ORDERING_PARTITION);
  v1::Subscription updated;
  grpc::Status st = Update(alice_, change, &updated);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(updated.version(), 2);
  EXPECT_EQ(updated.description(), "orders to the billing hook");
  EXPECT_EQ(updated.delivery().max_in_flight(), 5);
  EXPECT_EQ(updated.ordering(), v1::SUBSCRIPTION_ORDERING_PARTITION);
  EXPECT_EQ(updated.secrets(0).id(), s.secrets(0).id()) << "an update keeps the secrets";

  v1::Subscription stale;
  st = Update(alice_, change, &stale);  // still version 1
  EXPECT_EQ(st.error_code(), grpc::StatusCode::ABORTED) << st.error_message();

  change = updated;
  change.clear_event_types();
  change.add_event_types()->set_namespace_(ns_);
  change.mutable_event_types(0)->set_name("Person");
  st = Update(alice_, change, &stale);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(st.error_message(), "subscription.event_types: fixed after creation");

  v1::DeleteSubscriptionRequest del;
  del.set_name(s.name());
  del.set_version(1);
  v1::DeleteResponse deleted;
  st = stub_->DeleteSubscription(ContextWithToken(alice_).get(), del, &deleted);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::ABORTED) << st.error_message();
  del.set_version(2);
  st = stub_->DeleteSubscription(ContextWithToken(alice_).get(), del, &deleted);
  ASSERT_TRUE(st.ok()) << st.error_message();
  v1::GetSubscriptionRequest get;
  get.set_name(s.name());
  v1::Subscription gone;
  EXPECT_EQ(stub_->GetSubscription(Context().get(), get, &gone).error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::ListHistoryRequest history;
  history.set_entity("subscription/" + s.name());
  v1::ListHistoryResponse changes;
  ASSERT_TRUE(stub_->ListHistory(Context().get(), history, &changes).ok());
  ASSERT_EQ(changes.changes_size(), 3);  // newest first
  EXPECT_EQ(changes.changes(0).op(), v1::Change::OP_DELETE);
  EXPECT_EQ(changes.changes(1).subscription().version(), 2);
  EXPECT_EQ(changes.changes(2).subscription().version(), 1);
  for (const auto& c : changes.changes()) EXPECT_EQ(c.actor(), "alice");
}

TEST_F(SubscriptionTest, WatchAndTheViewCarryTheSubscription) {
  v1::Subscription s = MustCreate(alice_, Draft()).subscription();
  auto view = server_->hub().view();
  ASSERT_NE(view->FindSubscription(s.name()), nullptr);
  EXPECT_EQ(view->FindSubscription(s.name())->endpoint(), s.endpoint());
  EXPECT_EQ(view->AllSubscriptions().size(), 1u);

  auto ctx = Context();
  auto reader = stub_->Watch(ctx.get(), v1::WatchRequest());
  v1::WatchResponse msg;
  bool seen = false;
  while (reader->Read(&msg)) {
    for (const auto& c : msg.changes()) {
      if (c.has_subscription() && c.subscription().name() == s.name()) {
        seen = true;
        EXPECT_EQ(c.subscription().secrets(0).id(), s.secrets(0).id());
      }
    }
    if (msg.kind() == v1::WatchResponse::KIND_SNAPSHOT_COMPLETE) break;
  }
  EXPECT_TRUE(seen) << "the snapshot has the subscription";
  // A change follows on the stream too.
  v1::SetSubscriptionStateRequest suspend;
  suspend.set_name(s.name());
  suspend.set_state(v1::SUBSCRIPTION_STATE_SUSPENDED);
  suspend.set_reason("maintenance");
  v1::Subscription suspended;
  ASSERT_TRUE(stub_->SetSubscriptionState(ContextWithToken(alice_).get(), suspend, &suspended).ok());
  bool changed = false;
  while (!changed && reader->Read(&msg)) {
    for (const auto& c : msg.changes()) {
      changed = changed || (c.has_subscription() &&
                            c.subscription().state() == v1::SUBSCRIPTION_STATE_SUSPENDED &&
                            c.subscription().state_reason() == "maintenance");
    }
  }
  EXPECT_TRUE(changed);
  ctx->TryCancel();
  reader->Finish();
}

TEST_F(SubscriptionTest, AnEventTypeInUseCannotBeDeleted) {
  v1::Subscription s = MustCreate(alice_, Draft({"Person"})).subscription();
  v1::RemovePlacementRequest remove;
  remove.set_namespace_(ns_);
  remove.set_event_type("Person");
  remove.set_zone("eu");
  v1::DeleteResponse none;
  ASSERT_TRUE(stub_->RemovePlacement(Context().get(), remove, &none).ok());
  v1::DeleteEventTypeRequest del;
  del.set_namespace_(ns_);
  del.set_name("Person");
  grpc::Status st = stub_->DeleteEventType(Context().get(), del, &none);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << st.error_message();
  EXPECT_EQ(st.error_message(), "event type \"" + ns_ + "/Person\" is in use by subscription \"" +
                                    s.name() + "\"");
  // Its owner and zone are kept too.
  v1::DeletePrincipalRequest principal;
  principal.set_name("alice");
  st = stub_->DeletePrincipal(Context().get(), principal, &none);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << st.error_message();
  EXPECT_TRUE(Contains(st.error_message(), "subscription \"" + s.name() + "\"")) << st.error_message();

  v1::DeleteSubscriptionRequest unsubscribe;
  unsubscribe.set_name(s.name());
  ASSERT_TRUE(stub_->DeleteSubscription(ContextWithToken(alice_).get(), unsubscribe, &none).ok());
  st = stub_->DeleteEventType(Context().get(), del, &none);
  EXPECT_TRUE(st.ok()) << st.error_message();
}

TEST_F(SubscriptionTest, RotationKeepsThePreviousSecretForTheOverlapAndAtMostTwo) {
  v1::CreateSubscriptionResponse created = MustCreate(alice_, Draft());
  const std::string name = created.subscription().name();
  const std::string first_id = created.subscription().secrets(0).id();
  v1::RotateSubscriptionSecretRequest rotate;
  rotate.set_name(name);
  rotate.set_overlap_seconds(3600);
  v1::RotateSubscriptionSecretResponse rotated;
  const int64_t before = TimeUtil::TimestampToSeconds(TimeUtil::GetCurrentTime());
  grpc::Status st = stub_->RotateSubscriptionSecret(ContextWithToken(alice_).get(), rotate, &rotated);
  ASSERT_TRUE(st.ok()) << st.error_message();
  const v1::Subscription& s = rotated.subscription();
  ASSERT_EQ(s.secrets_size(), 2);
  EXPECT_NE(s.secrets(0).id(), first_id);
  EXPECT_FALSE(s.secrets(0).has_expire_time()) << "the new one is current";
  EXPECT_EQ(s.secrets(1).id(), first_id);
  const int64_t expires = TimeUtil::TimestampToSeconds(s.secrets(1).expire_time());
  EXPECT_GE(expires, before + 3600);
  EXPECT_LE(expires, before + 3600 + 60);
  EXPECT_EQ(rotated.signing_secret(), auth::DeriveWebhookSecret(kTestSigningKey, name, s.secrets(0).id()));
  EXPECT_NE(rotated.signing_secret(), created.signing_secret());

  v1::RotateSubscriptionSecretResponse again;
  rotate.set_overlap_seconds(0);  // the default day
  ASSERT_TRUE(stub_->RotateSubscriptionSecret(ContextWithToken(alice_).get(), rotate, &again).ok());
  ASSERT_EQ(again.subscription().secrets_size(), 2) << "at most two";
  EXPECT_EQ(again.subscription().secrets(1).id(), s.secrets(0).id());
  EXPECT_GE(TimeUtil::TimestampToSeconds(again.subscription().secrets(1).expire_time()),
            before + 86400);

  rotate.set_overlap_seconds(7 * 86400 + 1);
  st = stub_->RotateSubscriptionSecret(ContextWithToken(alice_).get(), rotate, &again);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(Contains(st.error_message(), "overlap_seconds:")) << st.error_message();
}

TEST_F(SubscriptionTest, WithoutASigningKeyNoSecretCanBeMade) {
  v1::Subscription existing = MustCreate(alice_, Draft()).subscription();
  TopologyServerOptions options;
  options.subscription_signing_key = "";
  TopologyServer keyless(db_->dsn(), options);
  auto stub = keyless.NewStub();
  v1::CreateSubscriptionRequest req;
  *req.mutable_subscription() = Draft();
  v1::CreateSubscriptionResponse out;
  grpc::Status st = stub->CreateSubscription(ContextWithToken(alice_).get(), req, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(Contains(st.error_message(), "--subscription-signing-key")) << st.error_message();
  v1::RotateSubscriptionSecretRequest rotate;
  rotate.set_name(existing.name());
  v1::RotateSubscriptionSecretResponse rotated;
  st = stub->RotateSubscriptionSecret(ContextWithToken(alice_).get(), rotate, &rotated);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << st.error_message();
}

TEST_F(SubscriptionTest, APullSubscriptionHasNoSecretAndNeedsNoKey) {
  TopologyServerOptions options;
  options.subscription_signing_key = "";
  TopologyServer keyless(db_->dsn(), options);
  auto stub = keyless.NewStub();
  v1::CreateSubscriptionRequest req;
  *req.mutable_subscription() = Draft();
  req.mutable_subscription()->clear_endpoint();
  req.mutable_subscription()->set_mode(v1::SUBSCRIPTION_MODE_PULL);
  v1::CreateSubscriptionResponse out;
  grpc::Status st = stub->CreateSubscription(ContextWithToken(alice_).get(), req, &out);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_TRUE(out.signing_secret().empty());
  EXPECT_EQ(out.subscription().secrets_size(), 0);
  EXPECT_FALSE(out.subscription().dead_letter_topic().empty());
  v1::RotateSubscriptionSecretRequest rotate;
  rotate.set_name(out.subscription().name());
  v1::RotateSubscriptionSecretResponse rotated;
  st = stub->RotateSubscriptionSecret(ContextWithToken(alice_).get(), rotate, &rotated);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << st.error_message();
  EXPECT_TRUE(Contains(st.error_message(), "is PULL")) << st.error_message();
}

TEST_F(SubscriptionTest, PrivateEndpointsNeedAnAdmin) {
  v1::Subscription s = Draft();
  s.set_endpoint("http://10.1.2.3:8080/hook");
  v1::CreateSubscriptionResponse out;
  grpc::Status st = Create(alice_, s, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(st.error_message(), "subscription.endpoint: host \"10.1.2.3\" is a private, loopback "
                                "or link-local address; an admin may allow it with "
                                "allow_private_endpoint");
  for (const char* host : {"http://localhost:9000/", "https://[::1]/", "http://169.254.169.254/",
                           "http://127.1/"}) {
    s.set_endpoint(host);
    EXPECT_EQ(Create(alice_, s, &out).error_code(), grpc::StatusCode::INVALID_ARGUMENT) << host;
  }
  s.set_endpoint("http://10.1.2.3:8080/hook");
  s.set_allow_private_endpoint(true);
  st = Create(alice_, s, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED) << st.error_message();
  EXPECT_TRUE(Contains(st.error_message(), "needs role admin")) << st.error_message();

  // An admin allows it, for alice.
  s.set_owner("alice");
  out = MustCreate(kTestAdminToken, s);
  ASSERT_TRUE(out.subscription().allow_private_endpoint());
  EXPECT_EQ(out.subscription().owner(), "alice");
  // alice manages it, but may not point it elsewhere inside the network.
  v1::Subscription change = out.subscription();
  change.set_description("fine");
  v1::Subscription updated;
  st = Update(alice_, change, &updated);
  ASSERT_TRUE(st.ok()) << st.error_message();
  change = updated;
  change.set_endpoint("http://10.9.9.9/");
  st = Update(alice_, change, &updated);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED) << st.error_message();
}

TEST_F(SubscriptionTest, WhoMayCreateAndManageASubscription) {
  // Another owner than the caller: admins only, and the owner must be a consumer.
  v1::Subscription s = Draft();
  s.set_owner("bob");
  v1::CreateSubscriptionResponse out;
  EXPECT_EQ(Create(alice_, s, &out).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  const std::string bob = MakePrincipal(*stub_, "bob");
  grpc::Status st = Create(kTestAdminToken, s, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(st.error_message(), "subscription.owner: principal \"bob\" needs role consumer of "
                                "namespace \"" + ns_ + "\"");
  // No consumer role, no subscription.
  st = Create(bob, Draft(), &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(st.error_message(), "principal \"bob\" needs role consumer of namespace \"" + ns_ + "\"");

  v1::Subscription mine = MustCreate(alice_, Draft()).subscription();
  v1::Subscription change = mine;
  change.set_description("x");
  v1::Subscription updated;
  const std::string dave = MakePrincipal(*stub_, "dave", v1::ROLE_CONSUMER, ns_);
  st = Update(dave, change, &updated);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::PERMISSION_DENIED) << "a consumer, not the owner";
  EXPECT_TRUE(Contains(st.error_message(), "needs role owner of namespace")) << st.error_message();
  const std::string olivia = MakePrincipal(*stub_, "olivia", v1::ROLE_OWNER, ns_);
  st = Update(olivia, change, &updated);
  EXPECT_TRUE(st.ok()) << "the namespace's owner: " << st.error_message();

  // The relay reads subscriptions and suspends them (410 Gone), but does not resume them.
  const std::string relay = MakePrincipal(*stub_, "relay", v1::ROLE_RELAY);
  v1::GetSubscriptionRequest get;
  get.set_name(mine.name());
  v1::Subscription read;
  EXPECT_TRUE(stub_->GetSubscription(ContextWithToken(relay).get(), get, &read).ok());
  EXPECT_EQ(stub_->GetSubscription(ContextWithToken(bob).get(), get, &read).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::SetSubscriptionStateRequest state;
  state.set_name(mine.name());
  state.set_state(v1::SUBSCRIPTION_STATE_SUSPENDED);
  state.set_reason("endpoint answered 410 Gone");
  v1::Subscription suspended;
  st = stub_->SetSubscriptionState(ContextWithToken(relay).get(), state, &suspended);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(suspended.state(), v1::SUBSCRIPTION_STATE_SUSPENDED);
  EXPECT_EQ(suspended.state_reason(), "endpoint answered 410 Gone");
  state.set_state(v1::SUBSCRIPTION_STATE_ACTIVE);
  state.set_reason("");
  EXPECT_EQ(stub_->SetSubscriptionState(ContextWithToken(relay).get(), state, &suspended)
                .error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  st = stub_->SetSubscriptionState(ContextWithToken(alice_).get(), state, &suspended);
  ASSERT_TRUE(st.ok()) << st.error_message();
  EXPECT_EQ(suspended.state(), v1::SUBSCRIPTION_STATE_ACTIVE);
  EXPECT_EQ(suspended.state_reason(), "");
}

// With the recording provisioner: which topics go to which cluster when an event type a
// subscription reads moves to another cluster of its zone.
class SubscriptionTopicsTest : public SubscriptionTest {
 protected:
  topology::TopicProvisioner Provisioner() override { return TopologyTest::Provisioner(); }
};

TEST_F(SubscriptionTopicsTest, APlacementMovedToAnotherClusterTakesTheSubscriptionTopicsAlong) {
  v1::Subscription s = MustCreate(alice_, Draft({"Person", "Meal"})).subscription();
  const std::string dead_letters = s.dead_letter_topic();
  {
    std::lock_guard lock(mu_);
    EXPECT_NE(std::find(provisioned_.begin(), provisioned_.end(), "eu-a/" + dead_letters),
              provisioned_.end());
    provisioned_.clear();
  }
  MakeCluster("eu-b", "eu", "127.0.0.1:9");
  v1::MovePlacementRequest move;
  move.set_namespace_(ns_);
  move.set_event_type("Person");
  move.set_zone("eu");
  move.set_cluster("eu-b");
  v1::Placement moved;
  grpc::Status st = stub_->MovePlacement(Context().get(), move, &moved);
  ASSERT_TRUE(st.ok()) << st.error_message();
  std::lock_guard lock(mu_);
  EXPECT_EQ(provisioned_, (std::vector<std::string>{"eu-b/" + ns_ + ".person",
                                                    "eu-b/" + dead_letters,
                                                    "eu-b/" + s.redrive_topic()}));
}

// A provisioning failure records nothing: no subscription, no revision.
TEST_F(SubscriptionTopicsTest, ATopicThatCannotBeCreatedRecordsNothing) {
  {
    std::lock_guard lock(mu_);
    provision_error_ = absl::UnavailableError("cluster eu-a unreachable");
  }
  const int64_t before = server_->hub().revision();
  v1::Subscription s = Draft();
  v1::CreateSubscriptionResponse out;
  grpc::Status st = Create(alice_, s, &out);
  EXPECT_EQ(st.error_code(), grpc::StatusCode::UNAVAILABLE) << st.error_message();
  EXPECT_EQ(server_->hub().revision(), before);
  v1::GetSubscriptionRequest get;
  get.set_name(s.name());
  v1::Subscription none;
  EXPECT_EQ(stub_->GetSubscription(Context().get(), get, &none).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace causeway::testing
