// Consumer contracts through the CLI (issue 12 part 2): `schema check --subscriptions` lists the
// subscriptions a candidate would break with owner and path (exit 1), `schema activate --force`,
// and `event-type consumers` with mode, reader, owner, state and lag read from the real broker.
#include <librdkafka/rdkafka.h>

#include "absl/strings/match.h"
#include "cli_fixture.h"
#include "integration/schemas/schema_fixture.h"

namespace causeway::testing {
namespace {

constexpr char kFirstNameOnly[] = R"({
  "type": "record", "name": "Person", "namespace": "com.example",
  "fields": [{"name": "first_name", "type": "string"}]})";

class CliConsumerTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    Ok({"namespace", "create", ns_});
    Ok({"zone", "create", "eu", "--replication-factor", "1", "--min-insync-replicas", "1"});
    Ok({"cluster", "create", "eu-a", "--zone", "eu", "--bootstrap-servers", KafkaBootstrap()});
    Ok({"event-type", "create", ns_ + "/Person", "--partitions", "2"});
    topic_ = JsonField(
        JsonObject(Ok({"event-type", "place", ns_ + "/Person", "--zone", "eu", "--json"}).out),
        "topic");
    v1_file_ = WriteFile("v1.avsc", kPersonV1);
    v1_id_ = JsonField(
        JsonObject(Ok({"schema", "register", ns_ + "/Person", "--file", v1_file_, "--json"}).out),
        "id");
    Ok({"schema", "activate", v1_id_});
  }

  // `count` records on partition 0 of the type's topic, with no consumer reading them.
  void Produce(int count) {
    char err[256];
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    rd_kafka_conf_set(conf, "bootstrap.servers", KafkaBootstrap().c_str(), err, sizeof err);
    rd_kafka_t* p = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    ASSERT_NE(p, nullptr) << err;
    for (int i = 0; i < count; ++i) {
      ASSERT_EQ(rd_kafka_producev(p, RD_KAFKA_V_TOPIC(topic_.c_str()), RD_KAFKA_V_PARTITION(0),
                                  RD_KAFKA_V_VALUE(const_cast<char*>("x"), 1),
                                  RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_END),
                RD_KAFKA_RESP_ERR_NO_ERROR);
    }
    ASSERT_EQ(rd_kafka_flush(p, 10000), RD_KAFKA_RESP_ERR_NO_ERROR);
    rd_kafka_destroy(p);
  }

  std::string topic_, v1_file_, v1_id_;
};

TEST_F(CliConsumerTest, CheckAgainstSubscriptionsForceAndConsumersWithLag) {
  const std::string reader = UniqueName("reader");
  const std::string pusher = UniqueName("pusher");
  auto created = JsonObject(Ok({"subscription", "create", reader, "--event-type", ns_ + "/Person",
                                "--pull", "--reader-schema", v1_file_, "--start", "earliest",
                                "--json"}).out);
  EXPECT_EQ(JsonField(created, "subscription.mode"), "SUBSCRIPTION_MODE_PULL");
  EXPECT_EQ(JsonField(created, "subscription.reader_schemas.0.fingerprint"), v1_id_);
  const std::string owner = JsonField(created, "subscription.owner");
  Ok({"subscription", "create", pusher, "--event-type", ns_ + "/Person", "--endpoint",
      "https://hooks.example.com/in"});
  CliResult shown = Ok({"subscription", "get", reader});
  EXPECT_NE(shown.out.find(v1_id_), std::string::npos) << shown;

  // The candidate passes the writer check but breaks the reader.
  const std::string candidate = WriteFile("first.avsc", kFirstNameOnly);
  CliResult check = Cli({"schema", "check", "--subscriptions", ns_ + "/Person", "--file", candidate});
  EXPECT_EQ(check.exit_code, 1) << check;
  EXPECT_NE(check.out.find("breaks subscription " + reader + " (owner " + owner + ", reader " +
                           v1_id_ + "):"),
            std::string::npos)
      << check;
  EXPECT_NE(check.out.find("  $.fields.last_name: "), std::string::npos) << check;
  EXPECT_EQ(check.out.find(pusher), std::string::npos) << "no reader schema, nothing to break";
  const std::string v2_file = WriteFile("v2.avsc", kPersonV2);
  CliResult fine = Cli({"schema", "check", "--subscriptions", ns_ + "/Person", "--file", v2_file});
  EXPECT_EQ(fine.exit_code, 0) << fine;
  EXPECT_NE(fine.out.find("checked 1 subscription with a reader schema: " + reader),
            std::string::npos)
      << fine;

  const std::string id =
      JsonField(JsonObject(Ok({"schema", "register", ns_ + "/Person", "--file", candidate,
                               "--json"}).out),
                "id");
  CliResult refused = Cli({"schema", "activate", id});
  EXPECT_NE(refused.exit_code, 0) << refused;
  EXPECT_NE(refused.err.find("would break 1 subscription: " + reader + " (owner " + owner + ")"),
            std::string::npos)
      << refused;
  Ok({"schema", "activate", id, "--force"});

  // Lag: 3 records nobody consumed; the reader starts at the earliest offset, the pusher at the
  // latest (nothing committed: nothing behind).
  Produce(3);
  auto rows = JsonArray(Ok({"event-type", "consumers", ns_ + "/Person", "--json"}).out);
  ASSERT_EQ(rows.values_size(), 2);
  std::map<std::string, google::protobuf::Struct> by_name;
  for (const auto& v : rows.values()) {
    by_name[JsonField(v.struct_value(), "subscription")] = v.struct_value();
  }
  EXPECT_EQ(JsonField(by_name[reader], "mode"), "pull");
  EXPECT_EQ(JsonField(by_name[reader], "reader"), v1_id_);
  EXPECT_EQ(JsonField(by_name[reader], "owner"), owner);
  EXPECT_EQ(JsonField(by_name[reader], "state"), "active");
  EXPECT_EQ(JsonField(by_name[reader], "lag"), "eu-a:3");
  EXPECT_EQ(JsonField(by_name[pusher], "mode"), "push");
  EXPECT_EQ(JsonField(by_name[pusher], "reader"), "writer");
  EXPECT_EQ(JsonField(by_name[pusher], "lag"), "eu-a:0");
  CliResult table = Ok({"event-type", "consumers", ns_ + "/Person", "--no-lag"});
  EXPECT_NE(table.out.find("LAG"), std::string::npos) << table;
  EXPECT_NE(table.out.find(reader), std::string::npos) << table;

  // Without its reader schema the subscription reads the writer's shape and breaks no more.
  CliResult both = Cli({"subscription", "update", reader, "--clear-reader-schemas",
                        "--reader-schema", v1_file_});
  EXPECT_NE(both.exit_code, 0) << both;
  auto cleared = JsonObject(Ok({"subscription", "update", reader, "--clear-reader-schemas",
                                "--json"}).out);
  EXPECT_EQ(JsonField(cleared, "name"), reader);
  ASSERT_TRUE(cleared.fields().contains("reader_schemas"));
  EXPECT_EQ(cleared.fields().at("reader_schemas").list_value().values_size(), 0);
  CliResult unchecked = Cli({"schema", "check", "--subscriptions", ns_ + "/Person", "--file",
                             WriteFile("first-again.avsc", kFirstNameOnly)});
  EXPECT_EQ(unchecked.exit_code, 0) << unchecked;
}

}  // namespace
}  // namespace causeway::testing
