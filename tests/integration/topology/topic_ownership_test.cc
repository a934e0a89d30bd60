// A topic is one event type's own on a cluster: PostgreSQL keeps (cluster, topic) unique, another
// event type's topic is ALREADY_EXISTS, and the provisioner is told to refuse an existing topic
// unless the event type has it already (or an admin adopts it). The recording provisioner stands
// for Kafka here; placement_kafka_test.cc shows the refusal on the real broker.
#include <pqxx/pqxx>

#include "support/test_principals.h"
#include "topology_fixture.h"

namespace causeway::testing {
namespace {

using kafka::ExistingTopic;

class TopicOwnershipTest : public TopologyTest {
 protected:
  void SetUp() override {
    TopologyTest::SetUp();
    for (const char* ns : {"mfp", "billing"}) MakeNamespace(ns);
    MakeZone("eu");
    MakeCluster("eu-a", "eu");
    MakeCluster("eu-b", "eu");
  }
  // mfp/Order placed on eu-a in topic "orders", and billing/Invoice wanting the same topic name.
  void PlaceOrderAndMakeInvoiceInItsTopic() {
    MakeEventType("mfp", "Order", 0, "orders");
    MakeEventType("billing", "Invoice", 0, "orders");
    v1::Placement p;
    ASSERT_TRUE(Place("mfp", "Order", "eu", &p, "eu-a").ok());
  }
  grpc::Status Move(const std::string& ns, const std::string& et, const std::string& cluster,
                    bool adopt = false) {
    v1::MovePlacementRequest req;
    req.set_namespace_(ns);
    req.set_event_type(et);
    req.set_zone("eu");
    req.set_cluster(cluster);
    req.set_adopt_existing_topic(adopt);
    v1::Placement out;
    return stub_->MovePlacement(Context().get(), req, &out);
  }
  grpc::Status Remove(const std::string& ns, const std::string& et) {
    v1::RemovePlacementRequest req;
    req.set_namespace_(ns);
    req.set_event_type(et);
    req.set_zone("eu");
    v1::DeleteResponse out;
    return stub_->RemovePlacement(Context().get(), req, &out);
  }
  ExistingTopic LastRule() {
    std::lock_guard lock(mu_);
    return existing_rules_.back();
  }
};

TEST_F(TopicOwnershipTest, ANewPlacementRefusesATopicAlreadyOnTheCluster) {
  MakeEventType("mfp", "Order", 0, "orders");
  v1::Placement p;
  ASSERT_TRUE(Place("mfp", "Order", "eu", &p, "eu-a").ok());
  EXPECT_EQ(LastRule(), ExistingTopic::kRefuse);
}

TEST_F(TopicOwnershipTest, SecondEventTypeInTheSameTopicOnTheClusterIsAlreadyExists) {
  PlaceOrderAndMakeInvoiceInItsTopic();
  v1::Placement p;
  for (bool adopt : {false, true}) {
    grpc::Status s = Place("billing", "Invoice", "eu", &p, "eu-a", adopt);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::ALREADY_EXISTS) << s.error_message();
    EXPECT_NE(s.error_message().find("event type \"mfp/Order\""), std::string::npos)
        << s.error_message();
  }
  {
    std::lock_guard lock(mu_);
    EXPECT_EQ(provisioned_.size(), 1u) << "the topic was not touched for the second event type";
  }
  // Another cluster is another topic: fine there.
  ASSERT_TRUE(Place("billing", "Invoice", "eu", &p, "eu-b").ok());
  // And moving into the taken topic is refused the same way.
  grpc::Status moved = Move("billing", "Invoice", "eu-a");
  EXPECT_EQ(moved.error_code(), grpc::StatusCode::ALREADY_EXISTS) << moved.error_message();
}

TEST_F(TopicOwnershipTest, TheTopicStaysTheEventTypesAfterRemovalAndMoves) {
  PlaceOrderAndMakeInvoiceInItsTopic();
  v1::Placement p;
  ASSERT_TRUE(Move("mfp", "Order", "eu-b").ok());
  EXPECT_EQ(LastRule(), ExistingTopic::kRefuse) << "eu-b's topic is new";
  // Its data stays on eu-a: still mfp/Order's, not free for billing.
  grpc::Status taken = Place("billing", "Invoice", "eu", &p, "eu-a");
  EXPECT_EQ(taken.error_code(), grpc::StatusCode::ALREADY_EXISTS) << taken.error_message();
  ASSERT_TRUE(Move("mfp", "Order", "eu-a").ok());
  EXPECT_EQ(LastRule(), ExistingTopic::kVerify) << "moving back uses its own topic";
  ASSERT_TRUE(Remove("mfp", "Order").ok());
  ASSERT_TRUE(Place("mfp", "Order", "eu", &p, "eu-a").ok());
  EXPECT_EQ(LastRule(), ExistingTopic::kVerify) << "placing again uses its own topic";
}

TEST_F(TopicOwnershipTest, AdoptingIsForAdminsAndTellsTheProvisionerToVerify) {
  MakeEventType("mfp", "Order", 0, "orders");
  const std::string owner = MakePrincipal(*stub_, "mfp-owner", v1::ROLE_OWNER, "mfp");
  v1::PlaceEventTypeRequest req;
  req.set_namespace_("mfp");
  req.set_event_type("Order");
  req.set_zone("eu");
  req.set_adopt_existing_topic(true);
  v1::Placement p;
  grpc::Status denied = stub_->PlaceEventType(ContextWithToken(owner).get(), req, &p);
  EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED) << denied.error_message();
  ASSERT_TRUE(stub_->PlaceEventType(Context().get(), req, &p).ok());
  EXPECT_EQ(LastRule(), ExistingTopic::kVerify);
}

TEST_F(TopicOwnershipTest, DeletingTheEventTypeReleasesItsTopics) {
  MakeEventType("mfp", "Order", 0, "orders");
  v1::Placement p;
  ASSERT_TRUE(Place("mfp", "Order", "eu", &p, "eu-a").ok());
  ASSERT_TRUE(Remove("mfp", "Order").ok());
  v1::DeleteEventTypeRequest del;
  del.set_namespace_("mfp");
  del.set_name("Order");
  v1::DeleteResponse out;
  ASSERT_TRUE(stub_->DeleteEventType(Context().get(), del, &out).ok());
  // The topic and its data are still on the cluster, but no longer an event type's: a new one
  // (here in another namespace) may take it only as an adopted, existing topic.
  MakeEventType("billing", "Invoice", 0, "orders");
  ASSERT_TRUE(Place("billing", "Invoice", "eu", &p, "eu-a").ok());
  EXPECT_EQ(LastRule(), ExistingTopic::kRefuse);
}

TEST_F(TopicOwnershipTest, PostgreSQLRefusesTwoPlacementsInOneTopic) {
  PlaceOrderAndMakeInvoiceInItsTopic();
  v1::Placement p;
  pqxx::connection conn(db_->dsn());
  pqxx::work txn(conn);
  EXPECT_THROW(txn.exec("INSERT INTO placements (namespace, event_type, zone, cluster, topic, "
                        "version, body) VALUES ('billing', 'Invoice', 'eu', 'eu-a', 'orders', 1, "
                        "'{}')"),
               pqxx::unique_violation);
}

}  // namespace
}  // namespace causeway::testing
