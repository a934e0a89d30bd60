// Placing an event type creates its topic on the real broker, with the event type's partitions and
// the zone's retention, replication factor and min.insync.replicas; an existing topic is refused
// unless it is the event type's or adopted, and then verified; broker failures come back as clear
// errors and record nothing.
#include "common/kafka/rdkafka_topic_admin.h"
#include "topology_fixture.h"

namespace causeway::testing {
namespace {

class PlacementOnBrokerTest : public TopologyTest {
 protected:
  topology::TopicProvisioner Provisioner() override { return {}; }  // the real librdkafka admin
};

TEST_F(PlacementOnBrokerTest, PlacingCreatesTheTopicOnTheBroker) {
  const std::string ns = UniqueName("ns");
  MakeNamespace(ns);
  MakeZone("eu", 3600000);
  MakeCluster("eu-a", "eu", KafkaBootstrap());
  v1::EventType et = MakeEventType(ns, "FoodEntryCreated", 4);
  v1::Placement p;
  grpc::Status s = Place(ns, "FoodEntryCreated", "eu", &p);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(p.cluster(), "eu-a");

  kafka::RdKafkaTopicAdmin admin;
  auto topic = admin.DescribeTopic({KafkaBootstrap(), {}}, et.topic());
  ASSERT_TRUE(topic.ok()) << topic.status();
  EXPECT_EQ(topic->partitions, 4);
  EXPECT_EQ(topic->config.at("retention.ms"), "3600000");
  EXPECT_EQ(topic->replication_factor, 1);
  EXPECT_EQ(topic->config.at(kafka::kMinInsyncReplicasConfig), "1");
  EXPECT_EQ(topic->topic_overrides.count(kafka::kMinInsyncReplicasConfig), 1u)
      << "min.insync.replicas set on the topic, not the broker's default";
}

// The service's default zone (3 copies, 2 in sync) on the one-node test broker.
TEST_F(PlacementOnBrokerTest, MoreCopiesThanBrokersFailsNamingTheReplicationFactor) {
  const std::string ns = UniqueName("ns");
  MakeNamespace(ns);
  v1::CreateZoneRequest zone;
  zone.mutable_zone()->set_name("eu");
  v1::Zone z;
  ASSERT_TRUE(stub_->CreateZone(Context().get(), zone, &z).ok());
  ASSERT_EQ(z.replication_factor(), 3);
  MakeCluster("eu-a", "eu", KafkaBootstrap());
  v1::EventType et = MakeEventType(ns, "A");
  v1::Placement p;
  grpc::Status s = Place(ns, "A", "eu", &p);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_NE(s.error_message().find("replication factor 3"), std::string::npos) << s.error_message();
  EXPECT_NE(s.error_message().find("the cluster has 1"), std::string::npos) << s.error_message();
  kafka::RdKafkaTopicAdmin admin;
  EXPECT_EQ(admin.DescribeTopic({KafkaBootstrap(), {}}, et.topic()).status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(PlacementOnBrokerTest, ATopicCausewayDidNotCreateIsRefusedUnlessAdopted) {
  const std::string ns = UniqueName("ns");
  MakeNamespace(ns);
  MakeZone("eu");
  MakeCluster("eu-a", "eu", KafkaBootstrap());
  v1::EventType et = MakeEventType(ns, "A", 2);
  // Someone else's topic, with the very layout the placement wants.
  kafka::RdKafkaTopicAdmin admin;
  kafka::TopicSpec foreign{.name = et.topic(), .partitions = 2, .replication_factor = 1,
                           .min_insync_replicas = 1};
  ASSERT_TRUE(admin.CreateTopic({KafkaBootstrap(), {}}, foreign).ok());
  v1::Placement p;
  grpc::Status refused = Place(ns, "A", "eu", &p);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION)
      << refused.error_message();
  EXPECT_NE(refused.error_message().find("adopt"), std::string::npos) << refused.error_message();
  v1::ListPlacementsResponse list;
  ASSERT_TRUE(stub_->ListPlacements(Context().get(), v1::ListRequest(), &list).ok());
  EXPECT_EQ(list.placements_size(), 0);

  grpc::Status adopted = Place(ns, "A", "eu", &p, "", /*adopt_existing_topic=*/true);
  EXPECT_TRUE(adopted.ok()) << adopted.error_message();
}

TEST_F(PlacementOnBrokerTest, AnExistingTopicWithOtherMinInsyncReplicasIsRefusedNamingIt) {
  const std::string ns = UniqueName("ns");
  MakeNamespace(ns);
  MakeZone("eu");  // one copy, one in sync
  MakeCluster("eu-a", "eu", KafkaBootstrap());
  v1::EventType et = MakeEventType(ns, "A", 2);
  kafka::RdKafkaTopicAdmin admin;
  kafka::TopicSpec other{.name = et.topic(), .partitions = 2, .min_insync_replicas = 2};
  ASSERT_TRUE(admin.CreateTopic({KafkaBootstrap(), {}}, other).ok());
  v1::Placement p;
  grpc::Status s = Place(ns, "A", "eu", &p, "", /*adopt_existing_topic=*/true);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << s.error_message();
  EXPECT_NE(s.error_message().find("min.insync.replicas 2, not 1"), std::string::npos)
      << s.error_message();
}

TEST_F(PlacementOnBrokerTest, UnreachableClusterIsUnavailableAndNothingIsRecorded) {
  const std::string ns = UniqueName("ns");
  MakeNamespace(ns);
  MakeZone("eu");
  MakeCluster("dead", "eu", "127.0.0.1:1");
  MakeEventType(ns, "A");
  v1::Placement p;
  grpc::Status s = Place(ns, "A", "eu", &p);
  EXPECT_TRUE(s.error_code() == grpc::StatusCode::UNAVAILABLE ||
              s.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED)
      << s.error_code() << " " << s.error_message();
  EXPECT_NE(s.error_message().find("dead"), std::string::npos) << s.error_message();
  v1::ListPlacementsResponse list;
  ASSERT_TRUE(stub_->ListPlacements(Context().get(), v1::ListRequest(), &list).ok());
  EXPECT_EQ(list.placements_size(), 0);
}

TEST_F(PlacementOnBrokerTest, MovingOntoAnExistingTopicNeedsAdoptingIt) {
  // Two "clusters" pointing at the same broker under different names: the topic already exists
  // there, but Causeway did not create it on eu-b, so the move must adopt it.
  const std::string ns = UniqueName("ns");
  MakeNamespace(ns);
  MakeZone("eu");
  MakeCluster("eu-a", "eu", KafkaBootstrap());
  MakeCluster("eu-b", "eu", KafkaBootstrap());
  MakeEventType(ns, "A");
  v1::Placement p;
  ASSERT_TRUE(Place(ns, "A", "eu", &p, "eu-a").ok());
  v1::MovePlacementRequest mv;
  mv.set_namespace_(ns);
  mv.set_event_type("A");
  mv.set_zone("eu");
  mv.set_cluster("eu-b");
  v1::Placement moved;
  grpc::Status refused = stub_->MovePlacement(Context().get(), mv, &moved);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::FAILED_PRECONDITION)
      << refused.error_message();
  mv.set_adopt_existing_topic(true);
  grpc::Status s = stub_->MovePlacement(Context().get(), mv, &moved);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(moved.cluster(), "eu-b");
}

}  // namespace
}  // namespace causeway::testing
