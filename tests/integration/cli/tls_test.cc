// The CLI over TLS to causeway-topology: the server verified with --tls-ca (a wrong CA or name is
// refused), a client certificate (mTLS) whose name identifies a principal instead of a token, and
// the same settings from a context.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cli_fixture.h"
#include "support/test_certificates.h"

namespace causeway::testing {
namespace {

class CliTlsTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    TopologyServerOptions options;
    options.tls = TlsFiles{.cert_chain = certificates_.server().cert,
                           .private_key = certificates_.server().key,
                           .client_ca = certificates_.ca()};
    // The server's certificate names localhost (and 127.0.0.1).
    RestartServer(std::move(options), {});
    server_address_ = absl::StrCat("localhost:", server_->grpc_port());
    tls_flags_ = {"--server", server_address_, "--tls-ca", certificates_.ca()};
  }

  // `causeway --server localhost:<port> --tls-ca <ca> <args...>` with `env` only.
  CliResult Tls(std::vector<std::string> args, std::vector<std::string> env = {}) {
    args.insert(args.begin(), tls_flags_.begin(), tls_flags_.end());
    return CliBare(args, env);
  }
  CliResult AsAdmin(std::vector<std::string> args) {
    CliResult result = Tls(args, {std::string("CAUSEWAY_TOKEN=") + kTestAdminToken});
    EXPECT_EQ(result.exit_code, 0) << result;
    return result;
  }

  TestCertificates certificates_;
  std::string server_address_;
  std::vector<std::string> tls_flags_;
};

TEST_F(CliTlsTest, TheServerIsVerifiedWithTheCa) {
  auto me = JsonObject(AsAdmin({"whoami", "--json"}).out);
  EXPECT_EQ(JsonField(me, "principal"), kTestAdmin);
  EXPECT_EQ(JsonField(me, "method"), "token");
}

TEST_F(CliTlsTest, PlaintextAWrongCaOrAWrongNameIsRefused) {
  const std::string token = std::string("CAUSEWAY_TOKEN=") + kTestAdminToken;
  const CertificatePair stranger = certificates_.Stranger("localhost");
  for (const std::vector<std::string>& flags :
       {std::vector<std::string>{"--server", server_address_},
        {"--server", server_address_, "--tls-ca", stranger.cert},
        {"--server", server_address_, "--tls-ca", certificates_.ca(), "--tls-server-name",
         "elsewhere.example.com"}}) {
    std::vector<std::string> args = flags;
    args.insert(args.end(), {"--timeout", "5", "zone", "list"});
    CliResult result = CliBare(args, {token});
    EXPECT_EQ(result.exit_code, 1) << result;
    EXPECT_TRUE(absl::StartsWith(result.err, "error: UNAVAILABLE: ")) << result;
  }
}

TEST_F(CliTlsTest, TheServerNameCanBeGivenWhenDiallingAnAddress) {
  CliResult result = CliBare({"--server", server_->address(), "--tls-ca", certificates_.ca(),
                              "--tls-server-name", "localhost", "whoami"},
                             {std::string("CAUSEWAY_TOKEN=") + kTestAdminToken});
  EXPECT_EQ(result.exit_code, 0) << result;
}

TEST_F(CliTlsTest, AClientCertificateNamesThePrincipal) {
  AsAdmin({"principal", "create", "ops", "--certificate-name", "ops.example.com"});
  AsAdmin({"role", "grant", "ops", "viewer"});
  const CertificatePair client = certificates_.Client("ops.example.com");

  CliResult whoami =
      Tls({"--tls-cert", client.cert, "--tls-key", client.key, "whoami", "--json"});
  ASSERT_EQ(whoami.exit_code, 0) << whoami;
  auto me = JsonObject(whoami.out);
  EXPECT_EQ(JsonField(me, "principal"), "ops");
  EXPECT_EQ(JsonField(me, "method"), "certificate");
  EXPECT_EQ(JsonField(me, "role_bindings.0.role"), "ROLE_VIEWER");

  // A certificate that names no principal is no credential.
  const CertificatePair unknown = certificates_.Client("nobody.example.com");
  CliResult refused = Tls({"--tls-cert", unknown.cert, "--tls-key", unknown.key, "zone", "list"});
  EXPECT_EQ(refused.exit_code, 1) << refused;
  EXPECT_TRUE(absl::StartsWith(refused.err, "error: UNAUTHENTICATED: ")) << refused;
}

TEST_F(CliTlsTest, TlsSettingsComeFromAContext) {
  AsAdmin({"principal", "create", "ops", "--certificate-name", "ops.example.com"});
  const CertificatePair client = certificates_.Client("ops.example.com");
  const std::string config = WriteFile(
      "config", absl::StrCat("current-context = mtls\n[context mtls]\nserver = ", server_address_,
                             "\ntls-ca = ", certificates_.ca(), "\ntls-cert = ", client.cert,
                             "\ntls-key = ", client.key, "\n"));
  CliResult whoami = CliBare({"whoami", "--json"}, {"CAUSEWAY_CONFIG=" + config});
  ASSERT_EQ(whoami.exit_code, 0) << whoami;
  EXPECT_EQ(JsonField(JsonObject(whoami.out), "principal"), "ops");
}

}  // namespace
}  // namespace causeway::testing
