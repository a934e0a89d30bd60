// Placing an event type creates its topic on the real broker, with the event type's partitions and
// the zone's retention; broker failures come back as clear errors and record nothing.
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

TEST_F(PlacementOnBrokerTest, MovingCreatesTheTopicOnTheNewCluster) {
  // Two "clusters" pointing at the same broker under different names: the topic already exists
  // there, which topic creation treats as success (idempotent).
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
  grpc::Status s = stub_->MovePlacement(Context().get(), mv, &moved);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(moved.cluster(), "eu-b");
}

}  // namespace
}  // namespace causeway::testing
