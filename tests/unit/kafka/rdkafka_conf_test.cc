#include "common/kafka/rdkafka_conf.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include "common/kafka/client_properties.h"

namespace causeway::kafka {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

std::string Get(rd_kafka_conf_t* conf, const char* key) {
  char value[512];
  size_t size = sizeof value;
  if (rd_kafka_conf_get(conf, key, value, &size) != RD_KAFKA_CONF_OK) return "<unset>";
  return value;
}

TEST(NewClusterConf, ResolvesReferencesAndLetsOwnSettingsWin) {
  ASSERT_EQ(setenv("CAUSEWAY_TEST_CONF_PASSWORD", "from-env", 1), 0);
  ClusterConnection cluster{"127.0.0.1:9092",
                            {{"client.id", "the-cluster's"},
                             {"sasl.password", "${env:CAUSEWAY_TEST_CONF_PASSWORD}"},
                             {"bootstrap.servers", "10.9.9.9:1"}}};
  auto conf = NewClusterConf("cluster \"eu-1\"", cluster, {{"client.id", "causeway's"}});
  unsetenv("CAUSEWAY_TEST_CONF_PASSWORD");
  ASSERT_TRUE(conf.ok()) << conf.status();
  EXPECT_EQ(Get(conf->get(), "client.id"), "causeway's");
  EXPECT_EQ(Get(conf->get(), "sasl.password"), "from-env");
  EXPECT_EQ(Get(conf->get(), "bootstrap.servers"), "127.0.0.1:9092");
}

// The allow-list names librdkafka's real properties, with values it takes.
TEST(NewClusterConf, LibrdkafkaTakesEveryAllowedProperty) {
  const ClusterConnection cluster{
      "127.0.0.1:9092",
      {{"security.protocol", "SASL_SSL"},
       {"sasl.mechanism", "PLAIN"},
       {"sasl.mechanisms", "PLAIN"},
       {"sasl.username", "causeway"},
       {"sasl.password", "pw"},
       {"sasl.oauthbearer.method", "oidc"},
       {"sasl.oauthbearer.client.id", "causeway"},
       {"sasl.oauthbearer.client.secret", "secret"},
       {"sasl.oauthbearer.scope", "kafka"},
       {"sasl.oauthbearer.token.endpoint.url", "https://idp.example/token"},
       {"sasl.oauthbearer.extensions", "logicalCluster=lkc-1"},
       {"ssl.ca.location", "/etc/kafka/ca.pem"},
       {"ssl.certificate.location", "/etc/kafka/client.pem"},
       {"ssl.key.location", "/etc/kafka/client.key"},
       {"ssl.key.password", "key-pw"},
       {"ssl.endpoint.identification.algorithm", "https"},
       {"ssl.cipher.suites", "ECDHE-RSA-AES256-GCM-SHA384"},
       {"client.rack", "eu-west-1a"},
       {"client.id", "causeway"},
       {"socket.timeout.ms", "30000"},
       {"socket.keepalive.enable", "true"},
       {"socket.connection.setup.timeout.ms", "10000"},
       {"socket.send.buffer.bytes", "1048576"},
       {"socket.receive.buffer.bytes", "1048576"},
       {"socket.nagle.disable", "true"},
       {"socket.max.fails", "3"},
       {"connections.max.idle.ms", "300000"},
       {"reconnect.backoff.ms", "100"},
       {"reconnect.backoff.max.ms", "10000"},
       {"metadata.max.age.ms", "60000"},
       {"topic.metadata.refresh.interval.ms", "30000"},
       {"broker.address.family", "v4"}}};
  // Literal secrets here only because the allow-list check is not NewClusterConf's job.
  ClientProperties as_stored(cluster.properties.begin(), cluster.properties.end());
  for (const char* secret : {"sasl.password", "ssl.key.password", "sasl.oauthbearer.client.secret"}) {
    as_stored[secret] = "${env:NAME}";
  }
  ASSERT_TRUE(ValidateClientProperties("p", as_stored).ok());
  for (const auto& property : cluster.properties) {
    auto conf = NewClusterConf("cluster \"eu-1\"", {cluster.bootstrap_servers, {property}}, {});
    // Debian 12's librdkafka is built without OIDC: sasl.oauthbearer.{client.id, client.secret,
    // scope, token.endpoint.url, method=oidc} exist, but that build refuses them.
    if (!conf.ok()) {
      EXPECT_THAT(std::string(conf.status().message()), HasSubstr("not supported in this build"))
          << conf.status();
    }
  }
}

TEST(NewClusterConf, AnUnresolvableReferenceIsAFailedPreconditionNamingClusterAndKey) {
  unsetenv("CAUSEWAY_TEST_CONF_UNSET");
  auto conf = NewClusterConf("cluster \"eu-1\"",
                             {"127.0.0.1:9092", {{"sasl.password", "${env:CAUSEWAY_TEST_CONF_UNSET}"}}},
                             {});
  EXPECT_EQ(conf.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(conf.status().message(),
            "cluster \"eu-1\": client property \"sasl.password\": environment variable "
            "CAUSEWAY_TEST_CONF_UNSET is not set");
}

TEST(NewClusterConf, AValueLibrdkafkaRefusesIsAnInvalidArgumentNamingClusterAndKey) {
  auto bad_value =
      NewClusterConf("cluster \"eu-1\"", {"127.0.0.1:9092", {{"socket.max.fails", "many"}}}, {});
  EXPECT_EQ(bad_value.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(bad_value.status().message()), HasSubstr("\"socket.max.fails\""));
}

}  // namespace
}  // namespace causeway::kafka

namespace causeway::kafka {
namespace {

// A cluster stored before the allow-list (or edited in the database) cannot load code here.
TEST(NewClusterConf, ARefusedKeyStoredEarlierIsRefusedWhereItWouldBeUsed) {
  auto conf = NewClusterConf("cluster \"eu-1\"",
                             {"127.0.0.1:9092", {{"plugin.library.paths", "/tmp/evil.so"}}}, {});
  EXPECT_EQ(conf.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(conf.status().message(),
            "cluster \"eu-1\": client property \"plugin.library.paths\" is not allowed (fix the "
            "cluster with UpdateCluster)");
}

}  // namespace
}  // namespace causeway::kafka
