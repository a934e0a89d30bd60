// Placing, moving and removing event types through the CLI; topics are created on the real broker.
#include "absl/strings/str_cat.h"
#include "cli_fixture.h"

namespace causeway::testing {
namespace {

class CliPlacementTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    event_type_ = ns_ + "/FoodEntryCreated";
    Ok({"namespace", "create", ns_});
    // One copy: the test broker is a single node.
    Ok({"zone", "create", "eu", "--retention-ms", "3600000", "--replication-factor", "1",
        "--min-insync-replicas", "1"});
    Ok({"cluster", "create", "eu-a", "--zone", "eu", "--bootstrap-servers", KafkaBootstrap()});
    Ok({"event-type", "create", event_type_, "--partitions", "2"});
  }

  std::string event_type_;
};

TEST_F(CliPlacementTest, PlaceThenResolveShowsTheClusterAndTopic) {
  auto placed = JsonObject(Ok({"event-type", "place", event_type_, "--zone", "eu", "--json"}).out);
  EXPECT_EQ(JsonField(placed, "cluster"), "eu-a");
  const std::string topic = absl::StrCat(ns_, ".foodentrycreated");
  EXPECT_EQ(JsonField(placed, "topic"), topic);

  CliResult table = Ok({"resolve", event_type_});
  for (const std::string& expected : {std::string("ZONE"), std::string("BOOTSTRAP_SERVERS"), topic,
                                      std::string("eu-a"), KafkaBootstrap()}) {
    EXPECT_NE(table.out.find(expected), std::string::npos) << expected << "\n" << table;
  }
  auto resolved = JsonObject(Ok({"resolve", event_type_, "--json"}).out);
  EXPECT_EQ(JsonField(resolved, "placements.0.placement.cluster"), "eu-a");
  EXPECT_EQ(JsonField(resolved, "placements.0.bootstrap_servers"), KafkaBootstrap());
  EXPECT_EQ(JsonField(resolved, "placements.0.cluster_state"), "CLUSTER_STATE_ACTIVE");
}

TEST_F(CliPlacementTest, PlacementListFiltersByZoneClusterOrEventType) {
  Ok({"event-type", "place", event_type_, "--zone", "eu", "--cluster", "eu-a"});
  for (const std::vector<std::string>& filter :
       {std::vector<std::string>{"--zone", "eu"}, {"--cluster", "eu-a"}, {event_type_}, {}}) {
    std::vector<std::string> args = {"placement", "list", "--json"};
    args.insert(args.end(), filter.begin(), filter.end());
    auto items = JsonArray(Ok(args).out);
    ASSERT_EQ(items.values_size(), 1);
    EXPECT_EQ(JsonField(items.values(0).struct_value(), "zone"), "eu");
  }
  EXPECT_EQ(JsonArray(Ok({"placement", "list", "--cluster", "eu-b", "--json"}).out).values_size(),
            0);
  CliResult table = Ok({"placement", "list"});
  EXPECT_NE(table.out.find("EVENT_TYPE"), std::string::npos) << table;
  EXPECT_NE(table.out.find("FoodEntryCreated"), std::string::npos) << table;
}

TEST_F(CliPlacementTest, MoveThenRemove) {
  Ok({"cluster", "create", "eu-b", "--zone", "eu", "--bootstrap-servers", KafkaBootstrap()});
  Ok({"event-type", "place", event_type_, "--zone", "eu", "--cluster", "eu-a"});
  // eu-b is the same broker under another name: the topic is there already, though Causeway did
  // not create it on eu-b, so the (admin) test adopts it.
  auto moved = JsonObject(Ok({"event-type", "move", event_type_, "--zone", "eu", "--cluster",
                              "eu-b", "--adopt-existing-topic", "--json"})
                              .out);
  EXPECT_EQ(JsonField(moved, "cluster"), "eu-b");
  EXPECT_EQ(JsonField(JsonObject(Ok({"resolve", event_type_, "--json"}).out),
                      "placements.0.placement.cluster"),
            "eu-b");

  CliResult in_use = Cli({"event-type", "delete", event_type_});
  EXPECT_EQ(in_use.exit_code, 1) << in_use;
  EXPECT_NE(in_use.err.find("FAILED_PRECONDITION"), std::string::npos) << in_use;

  Ok({"placement", "remove", event_type_, "--zone", "eu"});
  CliResult resolved = Ok({"resolve", event_type_});
  EXPECT_NE(resolved.out.find("not placed"), std::string::npos) << resolved;
  Ok({"event-type", "delete", event_type_});
}

TEST_F(CliPlacementTest, MoveToADrainingClusterIsFailedPrecondition) {
  Ok({"cluster", "create", "eu-b", "--zone", "eu", "--bootstrap-servers", KafkaBootstrap(),
      "--state", "draining"});
  Ok({"event-type", "place", event_type_, "--zone", "eu"});
  CliResult result = Cli({"event-type", "move", event_type_, "--zone", "eu", "--cluster", "eu-b"});
  EXPECT_EQ(result.exit_code, 1) << result;
  EXPECT_NE(result.err.find("error: FAILED_PRECONDITION: "), std::string::npos) << result;
}

}  // namespace
}  // namespace causeway::testing
