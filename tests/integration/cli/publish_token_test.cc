// `publish` reaches causeway-gateway with the same connection settings as causeway-topology: the
// token (flag, environment or context) as `authorization: Bearer <token>`, and TLS verified with
// --tls-ca, with a client certificate for mTLS. A recording Gateway stands in for
// causeway-gateway: what is under test is what the CLI sends.
#include <mutex>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "causeway/gateway/v1/gateway.grpc.pb.h"
#include "cli_fixture.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
#include "support/test_certificates.h"

namespace causeway::testing {
namespace {

namespace gv1 = ::causeway::gateway::v1;

// Refuses a publish without credentials, as causeway-gateway does unless --auth=development.
class RecordingGateway final : public gv1::Gateway::Service {
 public:
  grpc::Status Publish(grpc::ServerContext* context, const gv1::PublishRequest* request,
                       gv1::PublishResponse*) override {
    std::lock_guard<std::mutex> lock(mu_);
    const auto& metadata = context->client_metadata();
    auto found = metadata.find("authorization");
    authorization_ =
        found == metadata.end() ? "" : std::string(found->second.data(), found->second.size());
    producer_id_ = request->producer_id();
    peer_name_.clear();
    for (const auto& name : context->auth_context()->FindPropertyValues("x509_common_name")) {
      peer_name_.assign(name.data(), name.size());
    }
    if (authorization_.empty() && peer_name_.empty()) {
      return grpc::Status(grpc::StatusCode::UNAUTHENTICATED, "no credentials");
    }
    return grpc::Status::OK;
  }

  std::string authorization() {
    std::lock_guard<std::mutex> lock(mu_);
    return authorization_;
  }
  std::string producer_id() {
    std::lock_guard<std::mutex> lock(mu_);
    return producer_id_;
  }
  // The Common Name of the verified client certificate, if any.
  std::string peer_name() {
    std::lock_guard<std::mutex> lock(mu_);
    return peer_name_;
  }

 private:
  std::mutex mu_;
  std::string authorization_;
  std::string producer_id_;
  std::string peer_name_;
};

class CliPublishTokenTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    address_ = Start(grpc::InsecureServerCredentials(), "127.0.0.1");
  }
  void TearDown() override {
    gateway_server_->Shutdown();
    CliTest::TearDown();
  }

  // Serves the recording gateway with `credentials`; returns its `host`:port.
  std::string Start(std::shared_ptr<grpc::ServerCredentials> credentials, const std::string& host) {
    if (gateway_server_) gateway_server_->Shutdown();
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", std::move(credentials), &port);
    builder.RegisterService(&gateway_);
    gateway_server_ = builder.BuildAndStart();
    EXPECT_NE(port, 0);
    return absl::StrCat(host, ":", port);
  }

  // TLS with this PKI's server certificate, asking for (not requiring) a client certificate.
  std::string StartTls() {
    grpc::SslServerCredentialsOptions ssl(
        GRPC_SSL_REQUEST_CLIENT_CERTIFICATE_AND_VERIFY);
    ssl.pem_root_certs = ReadFileText(certificates_.ca());
    ssl.pem_key_cert_pairs.push_back(
        {ReadFileText(certificates_.server().key), ReadFileText(certificates_.server().cert)});
    return Start(grpc::SslServerCredentials(ssl), "localhost");
  }

  std::vector<std::string> Publish(std::vector<std::string> flags = {}) {
    std::vector<std::string> args = {"publish", ns_ + "/Person", "--json", "{}"};
    args.insert(args.end(), flags.begin(), flags.end());
    return args;
  }
  std::vector<std::string> PublishHere(std::vector<std::string> flags = {}) {
    flags.insert(flags.begin(), {"--gateway", address_});
    return Publish(std::move(flags));
  }

  RecordingGateway gateway_;
  std::unique_ptr<grpc::Server> gateway_server_;
  std::string address_;
  TestCertificates certificates_;
};

TEST_F(CliPublishTokenTest, TokenFlagIsSentAsBearerAuthorization) {
  // After the command, as before; it outranks $CAUSEWAY_TOKEN (the admin's, set by Cli()).
  CliResult result = Cli(PublishHere({"--token", "cwt_from-flag"}));
  EXPECT_EQ(result.exit_code, 0) << result;
  EXPECT_EQ(gateway_.authorization(), "Bearer cwt_from-flag");
  EXPECT_EQ(gateway_.producer_id(), "");  // the gateway takes the token's principal
}

TEST_F(CliPublishTokenTest, TokenComesFromTheEnvironment) {
  CliResult result = Cli(PublishHere(), {"CAUSEWAY_TOKEN=cwt_from-env"});
  EXPECT_EQ(result.exit_code, 0) << result;
  EXPECT_EQ(gateway_.authorization(), "Bearer cwt_from-env");
}

TEST_F(CliPublishTokenTest, GatewayAndTokenComeFromTheContext) {
  const std::string config = WriteFile("config", absl::StrCat("current-context = here\n"
                                                              "[context here]\n"
                                                              "gateway = ",
                                                              address_,
                                                              "\n"
                                                              "token-file = here.token\n"));
  WriteFile("here.token", "cwt_from-context\n");
  CliResult result = CliBare(Publish(), {"CAUSEWAY_CONFIG=" + config});
  EXPECT_EQ(result.exit_code, 0) << result;
  EXPECT_EQ(gateway_.authorization(), "Bearer cwt_from-context");
}

TEST_F(CliPublishTokenTest, WithoutCredentialsTheRefusalIsUnauthenticatedWithAHint) {
  CliResult result = CliBare(PublishHere());
  EXPECT_EQ(result.exit_code, 1) << result;
  EXPECT_TRUE(absl::StartsWith(result.err, "error: UNAUTHENTICATED: ")) << result;
  EXPECT_NE(result.err.find("hint: no credentials were given"), std::string::npos) << result;
  EXPECT_EQ(gateway_.producer_id(), "causeway-cli");  // what --auth=development records
}

TEST_F(CliPublishTokenTest, GatewayOverTlsIsVerifiedWithTheCa) {
  address_ = StartTls();
  CliResult result = Cli(PublishHere({"--tls-ca", certificates_.ca()}));
  EXPECT_EQ(result.exit_code, 0) << result;
  EXPECT_EQ(gateway_.authorization(), absl::StrCat("Bearer ", kTestAdminToken));

  CliResult plaintext = Cli(PublishHere({"--timeout", "5"}));
  EXPECT_EQ(plaintext.exit_code, 1) << plaintext;
  EXPECT_TRUE(absl::StartsWith(plaintext.err, "error: UNAVAILABLE: ")) << plaintext;
}

TEST_F(CliPublishTokenTest, ClientCertificateReachesTheGateway) {
  address_ = StartTls();
  const CertificatePair client = certificates_.Client("billing.example.com");
  CliResult result = CliBare(PublishHere({"--tls-ca", certificates_.ca(), "--tls-cert",
                                          client.cert, "--tls-key", client.key}));
  EXPECT_EQ(result.exit_code, 0) << result;
  EXPECT_EQ(gateway_.peer_name(), "billing.example.com");
  EXPECT_EQ(gateway_.authorization(), "");
  EXPECT_EQ(gateway_.producer_id(), "");  // credentials: the gateway names the producer
}

}  // namespace
}  // namespace causeway::testing
