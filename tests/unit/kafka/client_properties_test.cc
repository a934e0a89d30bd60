#include "common/kafka/client_properties.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

namespace causeway::kafka {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kField[] = "cluster.client_properties";

std::string Message(const absl::Status& s) { return std::string(s.message()); }

absl::Status Validate(const ClientProperties& properties) {
  return ValidateClientProperties(kField, properties);
}

// --- ValidateClientProperties ---------------------------------------------------------------------

TEST(ValidateClientProperties, AcceptsEveryAllowedKey) {
  const ClientProperties properties = {
      {"security.protocol", "SASL_SSL"},
      {"sasl.mechanism", "PLAIN"},
      {"sasl.mechanisms", "PLAIN"},
      {"sasl.username", "causeway"},
      {"sasl.password", "${file:/var/run/secrets/kafka/eu-1.properties:sasl.password}"},
      {"sasl.oauthbearer.method", "oidc"},
      {"sasl.oauthbearer.client.id", "causeway"},
      {"sasl.oauthbearer.client.secret", "${env:KAFKA_OIDC_SECRET}"},
      {"sasl.oauthbearer.scope", "kafka"},
      {"sasl.oauthbearer.token.endpoint.url", "https://idp.example/token"},
      {"sasl.oauthbearer.extensions", "logicalCluster=lkc-1"},
      {"ssl.ca.location", "/etc/kafka/ca.pem"},
      {"ssl.certificate.location", "/etc/kafka/client.pem"},
      {"ssl.key.location", "/etc/kafka/client.key"},
      {"ssl.key.password", "${env:KAFKA_KEY_PASSWORD}"},
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
      {"broker.address.family", "v4"},
  };
  EXPECT_TRUE(Validate(properties).ok()) << Validate(properties);
  EXPECT_TRUE(Validate({}).ok());
}

TEST(ValidateClientProperties, RefusesDeliveryCodeLoadingAndUnknownKeys) {
  for (const char* key :
       {"acks", "enable.idempotence", "max.in.flight.requests.per.connection", "max.in.flight",
        "message.timeout.ms", "queue.buffering.max.messages", "queue.buffering.max.kbytes",
        "linger.ms", "sasl.kerberos.kinit.cmd", "plugin.library.paths", "interceptors",
        "partitioner", "debug", "Security.Protocol", "sasl.oauthbearer.config",
        "socket.blocking.max.ms", "request.timeout.ms", "transactional.id", ""}) {
    absl::Status s = Validate({{key, "1"}});
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << key;
    EXPECT_THAT(Message(s), StartsWith(absl::StrCat(kField, "[\"", key, "\"]: not an allowed")))
        << key;
  }
}

TEST(ValidateClientProperties, SendsBootstrapServersToTheClusterField) {
  absl::Status s = Validate({{"bootstrap.servers", "10.0.0.1:9092"}});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(s), StartsWith("cluster.client_properties[\"bootstrap.servers\"]: "));
  EXPECT_THAT(Message(s), HasSubstr("bootstrap_servers"));
}

TEST(ValidateClientProperties, RefusesALiteralSecretWithoutQuotingIt) {
  for (const char* key : {"sasl.password", "ssl.key.password", "sasl.oauthbearer.client.secret"}) {
    absl::Status s = Validate({{key, "hunter2-literal"}});
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << key;
    EXPECT_EQ(s.message(),
              absl::StrCat("cluster.client_properties[\"", key,
                           "\"]: a secret must be a reference such as "
                           "${file:/var/run/secrets/kafka/<cluster>.properties:",
                           key, "} or ${env:NAME}, not a literal value"));
  }
}

TEST(ValidateClientProperties, ASecretIsExactlyOneReference) {
  for (const char* value : {"", "pre${env:PASSWORD}", "${env:PASSWORD}post", "${env:A}${env:B}",
                            "${env:PASSWORD", "hunter2}"}) {
    absl::Status s = Validate({{"sasl.password", value}});
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << value;
    EXPECT_THAT(Message(s), HasSubstr("a secret must be a reference")) << value;
    if (*value != '\0') {
      EXPECT_THAT(Message(s), Not(HasSubstr(value)));
    }
  }
  EXPECT_TRUE(Validate({{"sasl.password", "${env:KAFKA_PASSWORD}"}}).ok());
  EXPECT_TRUE(Validate({{"sasl.password", "${file:/run/s/eu-1.properties:sasl.password}"}}).ok());
}

TEST(ValidateClientProperties, AcceptsReferencesInOtherKeys) {
  EXPECT_TRUE(Validate({{"sasl.username", "${file:/run/s/eu-1.properties:sasl.username}"},
                        {"client.id", "causeway-${env:POD_NAME}-${env:ZONE}"},
                        {"ssl.ca.location", "${env:CA_FILE}"}})
                  .ok());
}

TEST(ValidateClientProperties, RefusesMalformedReferences) {
  struct Case {
    const char* value;
    const char* reason;
  };
  for (const Case& c : {
           Case{"${env:1ABC}", "[A-Za-z_][A-Za-z0-9_]*"},
           Case{"${env:}", "[A-Za-z_][A-Za-z0-9_]*"},
           Case{"${env:A-B}", "[A-Za-z_][A-Za-z0-9_]*"},
           Case{"${env}", "[A-Za-z_][A-Za-z0-9_]*"},
           Case{"${vault:secret/kafka}", "provider must be file or env"},
           Case{"${}", "provider must be file or env"},
           Case{"${file:relative.properties:key}", "absolute"},
           Case{"${file::key}", "absolute"},
           Case{"${file:/abs.properties}", "names the key"},
           Case{"${file:/abs.properties:}", "names the key"},
           Case{"${file:/abs.properties:a key}", "'=' or blanks"},
           Case{"${file:/abs.properties:a=b}", "'=' or blanks"},
           Case{"ok-${env:A", "closing }"},
       }) {
    for (const char* key : {"client.id", "sasl.password"}) {
      // A secret that does not end like a reference reads as a literal: covered above.
      if (std::string(key) == "sasl.password" && std::string(c.value).back() != '}') continue;
      if (std::string(key) == "sasl.password" && std::string(c.value).rfind("${", 0) != 0) continue;
      absl::Status s = Validate({{key, c.value}});
      EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << key << " " << c.value;
      EXPECT_THAT(Message(s), StartsWith(absl::StrCat(kField, "[\"", key,
                                                       "\"]: malformed reference: ")))
          << c.value;
      EXPECT_THAT(Message(s), HasSubstr(c.reason)) << c.value;
      EXPECT_THAT(Message(s), Not(HasSubstr(c.value)));
    }
  }
}

TEST(ValidateClientProperties, ListsEveryFault) {
  absl::Status s = Validate({{"acks", "all"},
                             {"plugin.library.paths", "/tmp/evil.so"},
                             {"sasl.password", "hunter2"},
                             {"security.protocol", "SASL_SSL"}});
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(s), HasSubstr("cluster.client_properties[\"acks\"]: "));
  EXPECT_THAT(Message(s), HasSubstr("cluster.client_properties[\"plugin.library.paths\"]: "));
  EXPECT_THAT(Message(s), HasSubstr("cluster.client_properties[\"sasl.password\"]: "));
  EXPECT_THAT(Message(s), Not(HasSubstr("security.protocol")));
  EXPECT_THAT(Message(s), Not(HasSubstr("hunter2")));
  EXPECT_THAT(Message(s), Not(HasSubstr("evil")));
}

TEST(ValidateClientProperties, NamesTheFieldItIsGiven) {
  absl::Status s = ValidateClientProperties("update.cluster.client_properties", {{"acks", "1"}});
  EXPECT_THAT(Message(s), StartsWith("update.cluster.client_properties[\"acks\"]: "));
}

TEST(IsSecretClientProperty, NamesTheThreeCredentials) {
  EXPECT_TRUE(IsSecretClientProperty("sasl.password"));
  EXPECT_TRUE(IsSecretClientProperty("ssl.key.password"));
  EXPECT_TRUE(IsSecretClientProperty("sasl.oauthbearer.client.secret"));
  EXPECT_FALSE(IsSecretClientProperty("sasl.username"));
}

// --- ResolveClientProperties ----------------------------------------------------------------------

class ResolveClientPropertiesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/causeway-props.XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    dir_ = dir;
  }
  void TearDown() override { std::system(("rm -rf " + dir_).c_str()); }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }

  std::string dir_;
};

// A mounted Secret as a human writes it: comments, blank lines, blanks around separators.
constexpr char kSecretFile[] = R"(# Kafka credentials of cluster eu-1
! rotated by the secrets operator

sasl.username = causeway
  sasl.password:   pw-from-file   
ssl.key.password=key-pw
)";

TEST_F(ResolveClientPropertiesTest, ReplacesFileAndEnvReferences) {
  const std::string path = Write("eu-1.properties", kSecretFile);
  ASSERT_EQ(setenv("CAUSEWAY_TEST_OIDC_SECRET", "pw-from-env", 1), 0);
  auto resolved = ResolveClientProperties({
      {"security.protocol", "SASL_SSL"},
      {"sasl.username", "${file:" + path + ":sasl.username}"},
      {"sasl.password", "${file:" + path + ":sasl.password}"},
      {"ssl.key.password", "${file:" + path + ":ssl.key.password}"},
      {"sasl.oauthbearer.client.secret", "${env:CAUSEWAY_TEST_OIDC_SECRET}"},
  });
  unsetenv("CAUSEWAY_TEST_OIDC_SECRET");
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  EXPECT_EQ(*resolved, (ClientProperties{{"security.protocol", "SASL_SSL"},
                                         {"sasl.username", "causeway"},
                                         {"sasl.password", "pw-from-file"},
                                         {"ssl.key.password", "key-pw"},
                                         {"sasl.oauthbearer.client.secret", "pw-from-env"}}));
}

TEST_F(ResolveClientPropertiesTest, ReplacesReferencesInsideText) {
  ASSERT_EQ(setenv("CAUSEWAY_TEST_POD", "pod-7", 1), 0);
  auto resolved = ResolveClientProperties({{"client.id", "causeway-${env:CAUSEWAY_TEST_POD}-gw"}});
  unsetenv("CAUSEWAY_TEST_POD");
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  EXPECT_EQ(resolved->at("client.id"), "causeway-pod-7-gw");
}

TEST_F(ResolveClientPropertiesTest, LeavesPropertiesWithoutReferencesAlone) {
  const ClientProperties plain = {{"security.protocol", "PLAINTEXT"}, {"client.id", "a$b{c}"}};
  auto resolved = ResolveClientProperties(plain);
  ASSERT_TRUE(resolved.ok()) << resolved.status();
  EXPECT_EQ(*resolved, plain);
}

TEST_F(ResolveClientPropertiesTest, AMissingFileNamesKeyAndFile) {
  const std::string path = dir_ + "/absent.properties";
  auto resolved = ResolveClientProperties({{"sasl.password", "${file:" + path + ":sasl.password}"}});
  EXPECT_EQ(resolved.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(resolved.status().message(),
            absl::StrCat("client property \"sasl.password\": cannot read ", path,
                         ": No such file or directory"));
}

TEST_F(ResolveClientPropertiesTest, AnUnreadableFileNamesKeyAndFile) {
  auto resolved = ResolveClientProperties({{"sasl.password", "${file:" + dir_ + ":sasl.password}"}});
  EXPECT_EQ(resolved.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Message(resolved.status()),
              StartsWith(absl::StrCat("client property \"sasl.password\": cannot read ", dir_, ": ")));
}

TEST_F(ResolveClientPropertiesTest, AnOversizedFileIsRefused) {
  const std::string path = Write("huge.properties", std::string((1 << 20) + 1, '#'));
  auto resolved = ResolveClientProperties({{"sasl.password", "${file:" + path + ":sasl.password}"}});
  EXPECT_EQ(resolved.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Message(resolved.status()), HasSubstr("larger than 1 MiB"));
}

TEST_F(ResolveClientPropertiesTest, AMissingKeyNamesKeyAndFileButNoValue) {
  const std::string path = Write("eu-1.properties", kSecretFile);
  auto resolved = ResolveClientProperties({{"sasl.password", "${file:" + path + ":sasl.pasword}"}});
  EXPECT_EQ(resolved.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(resolved.status().message(),
            absl::StrCat("client property \"sasl.password\": ", path, " has no key \"sasl.pasword\""));
  EXPECT_THAT(Message(resolved.status()), Not(HasSubstr("pw-from-file")));
}

TEST_F(ResolveClientPropertiesTest, AnUnsetVariableNamesKeyAndVariable) {
  unsetenv("CAUSEWAY_TEST_UNSET_VARIABLE");
  auto resolved =
      ResolveClientProperties({{"ssl.key.password", "${env:CAUSEWAY_TEST_UNSET_VARIABLE}"}});
  EXPECT_EQ(resolved.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(resolved.status().message(),
            "client property \"ssl.key.password\": environment variable "
            "CAUSEWAY_TEST_UNSET_VARIABLE is not set");
}

TEST_F(ResolveClientPropertiesTest, AMalformedReferenceIsAFailedPrecondition) {
  auto resolved = ResolveClientProperties({{"sasl.password", "${file:relative:sasl.password}"}});
  EXPECT_EQ(resolved.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Message(resolved.status()),
              StartsWith("client property \"sasl.password\": malformed reference: "));
}

TEST_F(ResolveClientPropertiesTest, ListsEveryFailure) {
  const std::string path = Write("eu-1.properties", kSecretFile);
  unsetenv("CAUSEWAY_TEST_UNSET_VARIABLE");
  auto resolved = ResolveClientProperties({
      {"sasl.username", "${file:" + path + ":sasl.username}"},
      {"sasl.password", "${file:" + dir_ + "/absent:sasl.password}"},
      {"ssl.key.password", "${env:CAUSEWAY_TEST_UNSET_VARIABLE}"},
  });
  EXPECT_EQ(resolved.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Message(resolved.status()), HasSubstr("client property \"sasl.password\": "));
  EXPECT_THAT(Message(resolved.status()), HasSubstr("client property \"ssl.key.password\": "));
  EXPECT_THAT(Message(resolved.status()), Not(HasSubstr("sasl.username")));
}

// --- ResolveSecretReference (a flag naming one secret) --------------------------------------------

using ResolveSecretReferenceTest = ResolveClientPropertiesTest;

TEST_F(ResolveSecretReferenceTest, ReadsAWholeFileAPropertiesKeyOrAVariable) {
  const std::string whole = Write("signing.key", "k3y-bytes-0123456789\n");
  auto key = ResolveSecretReference("--k", "${file:" + whole + "}");
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(*key, "k3y-bytes-0123456789") << "one trailing newline dropped";

  const std::string props = Write("kafka.properties", kSecretFile);
  key = ResolveSecretReference("--k", "${file:" + props + ":ssl.key.password}");
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(*key, "key-pw");

  ASSERT_EQ(setenv("CAUSEWAY_TEST_SIGNING_KEY", "from-env", 1), 0);
  key = ResolveSecretReference("--k", "${env:CAUSEWAY_TEST_SIGNING_KEY}");
  unsetenv("CAUSEWAY_TEST_SIGNING_KEY");
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(*key, "from-env");
}

TEST_F(ResolveSecretReferenceTest, RefusesLiteralsAndUnreadableReferencesWithoutQuotingThem) {
  auto literal = ResolveSecretReference("--k", "super-secret-literal");
  EXPECT_EQ(literal.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(literal.status()), StartsWith("--k: must be one secret reference"));
  EXPECT_THAT(Message(literal.status()), Not(HasSubstr("super-secret-literal")));
  EXPECT_EQ(ResolveSecretReference("--k", "x${env:A}").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ResolveSecretReference("--k", "${file:relative/path}").status().code(),
            absl::StatusCode::kInvalidArgument);
  auto missing = ResolveSecretReference("--k", "${file:" + dir_ + "/absent}");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Message(missing.status()), HasSubstr(dir_ + "/absent"));
  unsetenv("CAUSEWAY_TEST_UNSET_VARIABLE");
  EXPECT_EQ(ResolveSecretReference("--k", "${env:CAUSEWAY_TEST_UNSET_VARIABLE}").status().code(),
            absl::StatusCode::kFailedPrecondition);
  auto empty = ResolveSecretReference("--k", "${file:" + Write("empty", "\n") + "}");
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(Message(empty.status()), HasSubstr("empty"));
}

}  // namespace
}  // namespace causeway::kafka
