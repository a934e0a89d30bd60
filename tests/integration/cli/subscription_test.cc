// `causeway subscription ...` against a real topology and broker: create prints the subscription
// and its secret once, then get, list, update, suspend/resume, rotate-secret and delete.
#include "absl/strings/str_cat.h"
#include "cli_fixture.h"
#include "common/auth/webhook_secret.h"

namespace causeway::testing {
namespace {

class CliSubscriptionTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    Ok({"namespace", "create", ns_});
    Ok({"zone", "create", "eu", "--replication-factor", "1", "--min-insync-replicas", "1"});
    Ok({"cluster", "create", "eu-a", "--zone", "eu", "--bootstrap-servers", KafkaBootstrap()});
    Ok({"event-type", "create", ns_ + "/Person", "--partitions", "2"});
    Ok({"event-type", "place", ns_ + "/Person", "--zone", "eu"});
    name_ = UniqueName("sub");
  }
  std::string name_;
};

TEST_F(CliSubscriptionTest, CreateShowsTheSecretOnceThenTheLifecycle) {
  CliResult created =
      Ok({"subscription", "create", name_, "--event-type", ns_ + "/Person", "--endpoint",
          "https://hooks.example.com/in", "--ordering", "partition", "--max-in-flight", "7",
          "--start", "earliest", "--json"});
  auto json = JsonObject(created.out);
  const std::string secret = JsonField(json, "signing_secret");
  EXPECT_EQ(secret, auth::DeriveWebhookSecret(kTestSigningKey, name_,
                                              JsonField(json, "subscription.secrets.0.id")));
  EXPECT_EQ(JsonField(json, "subscription.zone"), "eu");
  EXPECT_EQ(JsonField(json, "subscription.ordering"), "SUBSCRIPTION_ORDERING_PARTITION");
  EXPECT_EQ(JsonField(json, "subscription.start"), "START_POSITION_EARLIEST");
  EXPECT_EQ(JsonField(json, "subscription.delivery.max_in_flight"), "7");

  CliResult shown = Ok({"subscription", "get", name_});
  EXPECT_NE(shown.out.find("hooks.example.com"), std::string::npos) << shown;
  EXPECT_EQ(shown.out.find(secret.substr(6)), std::string::npos) << "shown once only";

  CliResult listed = Ok({"subscription", "list", "--namespace", ns_});
  EXPECT_NE(listed.out.find(name_), std::string::npos) << listed;
  EXPECT_NE(listed.out.find(ns_ + "/Person"), std::string::npos) << listed;

  auto updated = JsonObject(Ok({"subscription", "update", name_, "--description", "billing",
                                "--max-in-flight", "9", "--json"}).out);
  EXPECT_EQ(JsonField(updated, "description"), "billing");
  EXPECT_EQ(JsonField(updated, "delivery.max_in_flight"), "9");
  EXPECT_EQ(JsonField(updated, "ordering"), "SUBSCRIPTION_ORDERING_PARTITION") << "kept";
  CliResult stale = Cli({"subscription", "update", name_, "--description", "x", "--version", "1"});
  EXPECT_NE(stale.exit_code, 0) << stale;
  EXPECT_NE(stale.err.find("ABORTED"), std::string::npos) << stale;

  auto suspended = JsonObject(
      Ok({"subscription", "suspend", name_, "--reason", "maintenance", "--json"}).out);
  EXPECT_EQ(JsonField(suspended, "state"), "SUBSCRIPTION_STATE_SUSPENDED");
  EXPECT_EQ(JsonField(suspended, "state_reason"), "maintenance");
  auto resumed = JsonObject(Ok({"subscription", "resume", name_, "--json"}).out);
  EXPECT_EQ(JsonField(resumed, "state"), "SUBSCRIPTION_STATE_ACTIVE");

  CliResult rotated = Ok({"subscription", "rotate-secret", name_, "--overlap-seconds", "60"});
  EXPECT_NE(rotated.out.find("signing secret: whsec_"), std::string::npos) << rotated;
  EXPECT_NE(rotated.err.find("cannot be shown again"), std::string::npos) << rotated;
  EXPECT_EQ(rotated.out.find(secret), std::string::npos) << "a new secret";

  CliResult bad = Cli({"subscription", "create", UniqueName("sub"), "--event-type",
                       ns_ + "/Person", "--endpoint", "http://127.0.0.1/"});
  EXPECT_NE(bad.exit_code, 0) << bad;
  EXPECT_NE(bad.err.find("subscription.endpoint"), std::string::npos) << bad;

  Ok({"subscription", "delete", name_});
  CliResult gone = Cli({"subscription", "get", name_});
  EXPECT_NE(gone.exit_code, 0) << gone;
}

}  // namespace
}  // namespace causeway::testing
