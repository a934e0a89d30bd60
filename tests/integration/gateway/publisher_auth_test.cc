// Publisher identity end to end: principals, tokens and publisher role bindings made through
// causeway-topology, a gateway enforcing them (--auth=principals) from its Watch, over plaintext
// and over TLS with client certificates, and what reaches the real broker.
#include "gateway_fixture.h"
#include "grpcpp/security/credentials.h"
#include "support/test_certificates.h"

namespace causeway::testing {
namespace {

class PublisherAuthTest : public GatewayTest {
 protected:
  GatewayServer& StartEnforcing(TlsFiles tls = {}) {
    GatewayOptions options;
    options.auth = gateway::AuthMode::kPrincipals;
    options.tls = std::move(tls);
    return StartGateway(options);
  }
  // Publish with `authorization: Bearer <token>` (none when empty) through `stub`.
  grpc::Status PublishAs(gv1::Gateway::Stub& stub, const std::string& token,
                         const gv1::PublishRequest& req) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    if (!token.empty()) ctx.AddMetadata("authorization", "Bearer " + token);
    gv1::PublishResponse out;
    return stub.Publish(&ctx, req, &out);
  }
  grpc::Status PublishAs(const std::string& token, const gv1::PublishRequest& req) {
    return PublishAs(gateway_->stub(), token, req);
  }
  gv1::PublishRequest Paul() {
    auto req = Json(R"({"first_name":"Paul","last_name":"Smith"})");
    req.clear_producer_id();
    return req;
  }
  std::unique_ptr<gv1::Gateway::Stub> TlsStub(const TestCertificates& pki,
                                               const CertificatePair* client) {
    grpc::SslCredentialsOptions ssl;
    ssl.pem_root_certs = ReadFileText(pki.ca());
    if (client != nullptr) {
      ssl.pem_private_key = ReadFileText(client->key);
      ssl.pem_cert_chain = ReadFileText(client->cert);
    }
    return gv1::Gateway::NewStub(grpc::CreateChannel(
        absl::StrCat("localhost:", gateway_->grpc_port()), grpc::SslCredentials(ssl)));
  }
};

TEST_F(PublisherAuthTest, TokenProducerWithGrantPublishesUnderItsName) {
  const std::string token = CreatePrincipal("billing");
  GrantPublisher("billing");
  StartEnforcing();
  grpc::Status s = PublishAs(token, Paul());
  ASSERT_TRUE(s.ok()) << s.error_message();
  auto messages = ConsumeAll(KafkaBootstrap(), Topic("Person"), 1);
  ASSERT_EQ(messages.size(), 1u);
  EXPECT_EQ(messages[0].headers["causeway-producer-id"], "billing");
}

TEST_F(PublisherAuthTest, UnknownAndMissingCredentialsAreUnauthenticatedAndNothingIsWritten) {
  CreatePrincipal("billing");
  GrantPublisher("billing");
  StartEnforcing();
  EXPECT_EQ(PublishAs("", Paul()).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(PublishAs("cwt_not-a-token", Paul()).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  // A stream without credentials ends UNAUTHENTICATED at its first event (tests/integration/hostile).
  grpc::ClientContext ctx;
  auto stream = gateway_->stub().PublishStream(&ctx);
  ASSERT_TRUE(stream->Write(Paul()));
  stream->WritesDone();
  gv1::PublishResult r;
  EXPECT_FALSE(stream->Read(&r));
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(ConsumeAll(KafkaBootstrap(), Topic("Person"), 1, absl::Seconds(3)).empty());
}

TEST_F(PublisherAuthTest, GrantAndTokenChangesTakeEffectWithoutRestart) {
  std::string first_id;
  CreatePrincipal("billing");
  const std::string token = IssueToken("billing", &first_id);
  StartEnforcing();
  grpc::Status denied = PublishAs(token, Paul());
  EXPECT_EQ(denied.error_code(), grpc::StatusCode::PERMISSION_DENIED) << denied.error_message();

  GrantPublisher("billing");
  CatchUp(*gateway_);
  EXPECT_TRUE(PublishAs(token, Paul()).ok());

  RevokePublisher("billing");
  CatchUp(*gateway_);
  EXPECT_EQ(PublishAs(token, Paul()).error_code(), grpc::StatusCode::PERMISSION_DENIED);

  GrantPublisher("billing");
  tv1::RevokeTokenRequest revoke;
  revoke.set_name("billing");
  revoke.set_token_id(first_id);
  tv1::Principal p;
  ASSERT_TRUE(topo_->RevokeToken(Context().get(), revoke, &p).ok());
  CatchUp(*gateway_);
  EXPECT_EQ(PublishAs(token, Paul()).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(ConsumeAll(KafkaBootstrap(), Topic("Person"), 2, absl::Seconds(3)).size(), 1u)
      << "only the publish made while the grant and token held was written";
}

TEST_F(PublisherAuthTest, ProducerIdOtherThanTheAuthenticatedOneIsRefused) {
  const std::string token = CreatePrincipal("billing");
  GrantPublisher("billing");
  StartEnforcing();
  auto req = Paul();
  req.set_producer_id("payments");
  EXPECT_EQ(PublishAs(token, req).error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(PublisherAuthTest, MutualTlsIdentifiesProducersByCertificate) {
  TestCertificates pki;
  CreatePrincipal("billing", {"billing.prod.example.com"});
  GrantPublisher("billing");
  const std::string token = CreatePrincipal("payments");
  GrantPublisher("payments");
  StartEnforcing({pki.server().cert, pki.server().key, pki.ca()});

  // By the certificate's DNS SAN, no token.
  const CertificatePair billing = pki.Client("billing-client", {"DNS:billing.prod.example.com"});
  auto by_certificate = TlsStub(pki, &billing);
  grpc::Status s = PublishAs(*by_certificate, "", Paul());
  EXPECT_TRUE(s.ok()) << s.error_message();

  // A verified certificate no producer claims.
  const CertificatePair nobody = pki.Client("nobody.example.com");
  auto unknown = TlsStub(pki, &nobody);
  EXPECT_EQ(PublishAs(*unknown, "", Paul()).error_code(), grpc::StatusCode::UNAUTHENTICATED);

  // A certificate from another CA does not get through the handshake.
  const CertificatePair forged = pki.Stranger("billing.prod.example.com");
  auto stranger = TlsStub(pki, &forged);
  EXPECT_EQ(PublishAs(*stranger, "", Paul()).error_code(), grpc::StatusCode::UNAVAILABLE);

  // Over TLS without a client certificate, a token still works.
  auto server_only = TlsStub(pki, nullptr);
  s = PublishAs(*server_only, token, Paul());
  EXPECT_TRUE(s.ok()) << s.error_message();

  auto messages = ConsumeAll(KafkaBootstrap(), Topic("Person"), 2);
  ASSERT_EQ(messages.size(), 2u);
  std::set<std::string> producers;
  for (auto& m : messages) producers.insert(m.headers["causeway-producer-id"]);
  EXPECT_EQ(producers, (std::set<std::string>{"billing", "payments"}));
}

}  // namespace
}  // namespace causeway::testing
