// RdKafkaTopicAdmin against a real broker: creation (with replication and min.insync.replicas),
// idempotent re-creation and the verification of an existing topic's layout, refusing an existing
// topic, description, the broker's refusals, and an unreachable cluster.
#include "common/kafka/rdkafka_topic_admin.h"

#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace causeway::kafka {
namespace {

using ::testing::HasSubstr;

constexpr char kBootstrapVariable[] = "CAUSEWAY_TEST_KAFKA_BOOTSTRAP";

// Unique per run, so that the tests can run again against the same broker.
std::string UniqueTopic(absl::string_view behaviour) {
  return absl::StrCat("causeway-test.", behaviour, ".", absl::ToUnixNanos(absl::Now()));
}

TopicSpec Spec(std::string name, int32_t partitions) {
  TopicSpec spec;
  spec.name = std::move(name);
  spec.partitions = partitions;
  return spec;
}

// Tests that talk to the real broker: without its address they fail, never skip, so that a broken
// harness cannot pass for a green run.
class RealBrokerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* bootstrap = std::getenv(kBootstrapVariable);
    ASSERT_NE(bootstrap, nullptr)
        << kBootstrapVariable << " is not set: start a broker with "
        << "`tools/kafka/kafka start DIR PORT` and export its bootstrap servers (tools/test does)";
    ASSERT_STRNE(bootstrap, "");
    cluster_.bootstrap_servers = bootstrap;
  }

  ClusterConnection cluster_;
  RdKafkaTopicAdmin admin_{RdKafkaTopicAdmin::Options{.timeout = absl::Seconds(30)}};
};

TEST_F(RealBrokerTest, CreatedTopicHasRequestedPartitionsAndRetention) {
  TopicSpec spec = Spec(UniqueTopic("created"), 3);
  spec.config["retention.ms"] = "3600000";
  ASSERT_TRUE(admin_.CreateTopic(cluster_, spec).ok());

  absl::StatusOr<TopicDescription> described = admin_.DescribeTopic(cluster_, spec.name);
  ASSERT_TRUE(described.ok()) << described.status();
  EXPECT_EQ(described->name, spec.name);
  EXPECT_EQ(described->partitions, 3);
  EXPECT_EQ(described->replication_factor, 1);
  EXPECT_EQ(described->config["retention.ms"], "3600000");
}

TEST_F(RealBrokerTest, CreatingAnExistingTopicWithSamePartitionsSucceeds) {
  TopicSpec spec = Spec(UniqueTopic("recreated"), 3);
  spec.config["retention.ms"] = "3600000";
  ASSERT_TRUE(admin_.CreateTopic(cluster_, spec).ok());
  absl::Status again = admin_.CreateTopic(cluster_, spec);
  EXPECT_TRUE(again.ok()) << again;
}

TEST_F(RealBrokerTest, CreatingAnExistingTopicWithOtherPartitionsIsFailedPrecondition) {
  const TopicSpec spec = Spec(UniqueTopic("repartitioned"), 3);
  ASSERT_TRUE(admin_.CreateTopic(cluster_, spec).ok());
  absl::Status other = admin_.CreateTopic(cluster_, Spec(spec.name, 5));
  EXPECT_EQ(other.code(), absl::StatusCode::kFailedPrecondition) << other;
  EXPECT_THAT(other.message(), HasSubstr(spec.name));
  EXPECT_THAT(other.message(), HasSubstr("3 partitions, not 5"));
}

TEST_F(RealBrokerTest, CreatedTopicCarriesReplicationAndMinInsyncReplicas) {
  TopicSpec spec = Spec(UniqueTopic("insync"), 2);
  spec.replication_factor = 1;
  spec.min_insync_replicas = 1;
  ASSERT_TRUE(admin_.CreateTopic(cluster_, spec).ok());
  absl::StatusOr<TopicDescription> described = admin_.DescribeTopic(cluster_, spec.name);
  ASSERT_TRUE(described.ok()) << described.status();
  EXPECT_EQ(described->replication_factor, 1);
  EXPECT_EQ(described->config.at(kMinInsyncReplicasConfig), "1");
  EXPECT_EQ(described->topic_overrides.count(kMinInsyncReplicasConfig), 1u)
      << "set on the topic, not inherited from the broker";
}

TEST_F(RealBrokerTest, ExistingTopicWithOtherMinInsyncReplicasIsFailedPrecondition) {
  // The broker does not compare min.insync.replicas with the replication factor, so a topic of
  // one copy can ask for two: any value other than the spec's must be refused.
  TopicSpec made = Spec(UniqueTopic("otherinsync"), 1);
  made.min_insync_replicas = 2;
  ASSERT_TRUE(admin_.CreateTopic(cluster_, made).ok());
  TopicSpec wanted = Spec(made.name, 1);
  wanted.replication_factor = 1;
  wanted.min_insync_replicas = 1;
  absl::Status refused = admin_.CreateTopic(cluster_, wanted);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition) << refused;
  EXPECT_THAT(refused.message(), HasSubstr("min.insync.replicas 2, not 1"));
}

TEST_F(RealBrokerTest, ExistingTopicWithOtherReplicationFactorIsFailedPrecondition) {
  const TopicSpec made = Spec(UniqueTopic("otherreplicas"), 1);
  ASSERT_TRUE(admin_.CreateTopic(cluster_, made).ok());
  TopicSpec wanted = made;
  wanted.replication_factor = 2;
  absl::Status refused = admin_.CreateTopic(cluster_, wanted);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition) << refused;
  EXPECT_THAT(refused.message(), HasSubstr("replication factor 1, not 2"));
}

TEST_F(RealBrokerTest, RefusedExistingTopicIsAlreadyExistsAndUnchanged) {
  TopicSpec made = Spec(UniqueTopic("refused"), 2);
  ASSERT_TRUE(admin_.CreateTopic(cluster_, made).ok());
  TopicSpec again = made;
  again.existing = ExistingTopic::kRefuse;
  absl::Status refused = admin_.CreateTopic(cluster_, again);
  EXPECT_EQ(refused.code(), absl::StatusCode::kAlreadyExists) << refused;
  EXPECT_THAT(refused.message(), HasSubstr(made.name));
}

TEST_F(RealBrokerTest, ConcurrentCreatorsOfOneTopicAllSucceed) {
  const TopicSpec spec = Spec(UniqueTopic("raced"), 2);
  std::vector<absl::Status> results(4);
  std::vector<std::thread> creators;
  for (absl::Status& result : results) {
    creators.emplace_back([&] { result = admin_.CreateTopic(cluster_, spec); });
  }
  for (std::thread& creator : creators) creator.join();
  for (const absl::Status& result : results) EXPECT_TRUE(result.ok()) << result;
}

TEST_F(RealBrokerTest, DescribingAMissingTopicIsNotFound) {
  const std::string topic = UniqueTopic("missing");
  absl::StatusOr<TopicDescription> described = admin_.DescribeTopic(cluster_, topic);
  EXPECT_EQ(described.status().code(), absl::StatusCode::kNotFound) << described.status();
  EXPECT_THAT(described.status().message(), HasSubstr(topic));
}

TEST_F(RealBrokerTest, ConfigTheBrokerRefusesIsInvalidArgument) {
  TopicSpec spec = Spec(UniqueTopic("badconfig"), 1);
  spec.config["retention.ms"] = "next-tuesday";
  absl::Status refused = admin_.CreateTopic(cluster_, spec);
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument) << refused;
  EXPECT_THAT(refused.message(), HasSubstr(spec.name));
  EXPECT_THAT(refused.message(), HasSubstr(cluster_.bootstrap_servers));
}

TEST_F(RealBrokerTest, UnknownConfigIsInvalidArgument) {
  TopicSpec spec = Spec(UniqueTopic("unknownconfig"), 1);
  spec.config["no.such.config"] = "1";
  EXPECT_EQ(admin_.CreateTopic(cluster_, spec).code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(RealBrokerTest, ReplicationFactorAboveBrokerCountIsFailedPreconditionNamingBoth) {
  TopicSpec spec = Spec(UniqueTopic("overreplicated"), 1);
  spec.replication_factor = 3;
  spec.min_insync_replicas = 2;
  absl::Status refused = admin_.CreateTopic(cluster_, spec);
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition) << refused;
  EXPECT_THAT(refused.message(), HasSubstr("replication factor 3"));
  EXPECT_THAT(refused.message(), HasSubstr("the cluster has 1"));
  EXPECT_EQ(admin_.DescribeTopic(cluster_, spec.name).status().code(),
            absl::StatusCode::kNotFound);
}

// A property outside the allow-list (stored before it existed) is refused where it would be used.
TEST_F(RealBrokerTest, ClientPropertyOutsideTheAllowListIsRefusedNamingIt) {
  cluster_.properties["no.such.property"] = "1";
  absl::Status refused = admin_.CreateTopic(cluster_, Spec(UniqueTopic("badclient"), 1));
  EXPECT_EQ(refused.code(), absl::StatusCode::kFailedPrecondition) << refused;
  EXPECT_THAT(refused.message(), HasSubstr("\"no.such.property\" is not allowed"));
}

TEST_F(RealBrokerTest, AValueLibrdkafkaRefusesIsInvalidArgument) {
  cluster_.properties["socket.max.fails"] = "many";
  absl::Status refused = admin_.CreateTopic(cluster_, Spec(UniqueTopic("badvalue"), 1));
  EXPECT_EQ(refused.code(), absl::StatusCode::kInvalidArgument) << refused;
  EXPECT_THAT(refused.message(), HasSubstr("socket.max.fails"));
}

// Nothing below needs a broker.

TEST(TopicSpecTest, InvalidSpecIsRefusedBeforeAnyClusterIsContacted) {
  RdKafkaTopicAdmin admin;
  const ClusterConnection nowhere{.bootstrap_servers = "127.0.0.1:1"};
  const absl::Time start = absl::Now();
  EXPECT_EQ(admin.CreateTopic(nowhere, Spec("orders", 0)).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(admin.CreateTopic(nowhere, Spec("no spaces", 1)).code(),
            absl::StatusCode::kInvalidArgument);
  TopicSpec replication = Spec("orders", 1);
  replication.replication_factor = 0;
  EXPECT_EQ(admin.CreateTopic(nowhere, replication).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_LT(absl::Now() - start, absl::Seconds(1));
}

TEST(TopicSpecTest, ErrorsNameTheField) {
  EXPECT_THAT(ValidateTopicSpec(Spec("", 1)).message(), HasSubstr("topic.name"));
  EXPECT_THAT(ValidateTopicSpec(Spec("a", -2)).message(), HasSubstr("topic.partitions"));
  TopicSpec insync = Spec("a", 1);
  insync.replication_factor = 2;
  insync.min_insync_replicas = 3;
  EXPECT_THAT(ValidateTopicSpec(insync).message(), HasSubstr("topic.min_insync_replicas"));
  TopicSpec raw = Spec("a", 1);
  raw.config[kMinInsyncReplicasConfig] = "2";
  EXPECT_THAT(ValidateTopicSpec(raw).message(), HasSubstr("topic.config"));
  EXPECT_TRUE(ValidateTopicSpec(Spec("mfp.food_entry-created", 12)).ok());
}

TEST(CheckExistingTopicTest, NamesEveryDifference) {
  TopicSpec spec = Spec("orders", 3);
  spec.replication_factor = 3;
  spec.min_insync_replicas = 2;
  TopicDescription existing{.name = "orders", .partitions = 1, .replication_factor = 1,
                            .config = {{"min.insync.replicas", "1"}}};
  absl::Status s = CheckExistingTopic(spec, existing, "creating topic \"orders\"");
  EXPECT_EQ(s.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(s.message(), HasSubstr("1 partitions, not 3"));
  EXPECT_THAT(s.message(), HasSubstr("replication factor 1, not 3"));
  EXPECT_THAT(s.message(), HasSubstr("min.insync.replicas 1, not 2"));
}

TEST(CheckExistingTopicTest, BrokerDefaultsAndMissingConfigsAreNotCompared) {
  TopicSpec spec = Spec("orders", 3);  // replication: the broker's default; min.insync: unset
  TopicDescription existing{.name = "orders", .partitions = 3, .replication_factor = 2};
  EXPECT_TRUE(CheckExistingTopic(spec, existing, "x").ok());
  spec.min_insync_replicas = 2;  // a cluster without an admin API reports no configs
  EXPECT_TRUE(CheckExistingTopic(spec, existing, "x").ok());
}

TEST(UnreachableClusterTest, IsUnavailableWithinTheTimeout) {
  RdKafkaTopicAdmin admin(RdKafkaTopicAdmin::Options{.timeout = absl::Seconds(2)});
  const ClusterConnection nowhere{.bootstrap_servers = "127.0.0.1:1"};
  const absl::Time start = absl::Now();
  absl::Status created = admin.CreateTopic(nowhere, Spec("orders", 1));
  const absl::Duration elapsed = absl::Now() - start;
  EXPECT_EQ(created.code(), absl::StatusCode::kUnavailable) << created;
  EXPECT_THAT(created.message(), HasSubstr("127.0.0.1:1"));
  EXPECT_LT(elapsed, absl::Seconds(5));

  absl::StatusOr<TopicDescription> described = admin.DescribeTopic(nowhere, "orders");
  EXPECT_EQ(described.status().code(), absl::StatusCode::kUnavailable) << described.status();
}

TEST(UnreachableClusterTest, EmptyBootstrapIsInvalidArgument) {
  RdKafkaTopicAdmin admin;
  EXPECT_EQ(admin.CreateTopic(ClusterConnection{}, Spec("orders", 1)).code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace causeway::kafka
