// The CLI's own Kafka clients (`cluster topics`, `tail`) resolve the secret references of a
// cluster's client properties from this machine's files and environment: the test broker's
// SASL_PLAINTEXT listener, whose password is only in a properties file.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "cli_fixture.h"
#include "support/test_certificates.h"

namespace causeway::testing {
namespace {

// The value of `sasl.password=` in the broker's client properties.
std::string SaslPassword(const std::string& properties) {
  for (absl::string_view line : absl::StrSplit(properties, '\n')) {
    if (absl::ConsumePrefix(&line, "sasl.password=")) return std::string(line);
  }
  ADD_FAILURE() << "no sasl.password in\n" << properties;
  return "";
}

class CliClusterSecretsTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    Ok({"zone", "create", "eu", "--replication-factor", "1", "--min-insync-replicas", "1"});
    Ok({"namespace", "create", ns_});
  }

  // A cluster on the SASL listener whose password is `password_reference`.
  void CreateSaslCluster(const std::string& name, const std::string& password_reference) {
    Ok({"cluster", "create", name, "--zone", "eu", "--bootstrap-servers",
        RequireEnv("CAUSEWAY_TEST_KAFKA_SASL_BOOTSTRAP"), "--property",
        "security.protocol=SASL_PLAINTEXT", "--property", "sasl.mechanism=PLAIN", "--property",
        "sasl.username=causeway", "--property", "sasl.password=" + password_reference});
  }
};

TEST_F(CliClusterSecretsTest, ClusterTopicsReadsThePasswordFromTheReferencedFile) {
  CreateSaslCluster("eu-sasl", absl::StrCat("${file:", RequireEnv("CAUSEWAY_TEST_KAFKA_SASL_PROPERTIES"),
                                            ":sasl.password}"));
  Ok({"event-type", "create", ns_ + "/Entry"});
  Ok({"event-type", "place", ns_ + "/Entry", "--zone", "eu", "--cluster", "eu-sasl"});

  CliResult topics = Ok({"cluster", "topics", "eu-sasl"});
  EXPECT_NE(topics.out.find(absl::StrCat(ns_, ".entry")), std::string::npos) << topics;

  // `tail` connects the same way: nothing published, so it ends when idle, without an error.
  CliResult tail = Ok({"tail", ns_ + "/Entry", "--idle", "1"});
  EXPECT_EQ(tail.out, "") << tail;
}

TEST_F(CliClusterSecretsTest, AnUnresolvableReferenceIsFailedPreconditionNamingItNotTheValue) {
  CreateSaslCluster("eu-sasl", "${env:CAUSEWAY_CLI_TEST_UNSET_PASSWORD}");
  CliResult topics = Cli({"cluster", "topics", "eu-sasl"});
  EXPECT_EQ(topics.exit_code, 1) << topics;
  EXPECT_TRUE(absl::StartsWith(topics.err, "error: FAILED_PRECONDITION: cluster \"eu-sasl\"")) << topics;
  EXPECT_NE(topics.err.find("sasl.password"), std::string::npos) << topics;
  EXPECT_NE(topics.err.find("CAUSEWAY_CLI_TEST_UNSET_PASSWORD"), std::string::npos) << topics;

  // With the variable set in the CLI's environment, the same cluster is reachable.
  const std::string password =
      SaslPassword(ReadFileText(RequireEnv("CAUSEWAY_TEST_KAFKA_SASL_PROPERTIES")));
  CliResult resolved =
      Cli({"cluster", "topics", "eu-sasl"}, {"CAUSEWAY_CLI_TEST_UNSET_PASSWORD=" + password});
  EXPECT_EQ(resolved.exit_code, 0) << resolved;
}

}  // namespace
}  // namespace causeway::testing
