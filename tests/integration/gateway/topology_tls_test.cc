// The gateway's channel to causeway-topology over TLS with a throwaway PKI: server verification,
// the gateway's principal by client certificate (mTLS) or by token, and what fails.
#include "common/client/channel.h"
#include "gateway_fixture.h"
#include "support/test_certificates.h"
#include "support/test_placement.h"

namespace causeway::testing {
namespace {

class TopologyTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::make_unique<TestDatabase>();
    TopologyServerOptions options;
    options.provisioner = NoTopicProvisioner();
    options.tls = {pki_.server().cert, pki_.server().key, pki_.ca()};
    topology_ = std::make_unique<TopologyServer>(db_->dsn(), std::move(options));
    // The admin reaches it over TLS too: plaintext stubs cannot.
    auto channel = NewChannel({.address = topology_->address(), .ca = pki_.ca()});
    ASSERT_TRUE(channel.ok()) << channel.status();
    topo_ = tv1::Topology::NewStub(*channel);
    tv1::CreatePrincipalRequest req;
    req.mutable_principal()->set_name("gateway");
    req.mutable_principal()->add_certificate_names("gateway.causeway.svc");
    tv1::Principal p;
    grpc::Status s = topo_->CreatePrincipal(Context().get(), req, &p);
    ASSERT_TRUE(s.ok()) << s.error_message();
    Bind(*topo_, "gateway", tv1::ROLE_GATEWAY);
    tv1::IssueTokenRequest issue;
    issue.set_name("gateway");
    tv1::IssueTokenResponse token;
    ASSERT_TRUE(topo_->IssueToken(Context().get(), issue, &token).ok());
    gateway_token_ = token.token();
    revision_ = topology_->hub().revision();
  }

  // A gateway following topology with `channel` (address filled in); true once it has the
  // current revision, with the gateway principal's token hash (services see credentials).
  bool Follows(ChannelOptions channel, absl::Duration wait = absl::Seconds(10)) {
    gateway::FollowerOptions follower;
    channel.address = topology_->address();
    follower.topology = channel;
    follower.retry = absl::Milliseconds(100);
    gateway::TopologyFollower f(follower);
    f.Start();
    const bool caught_up = f.WaitForRevision(revision_, wait);
    bool sees_tokens = false;
    if (caught_up) {
      for (const auto* principal : f.state()->view().AllPrincipals()) {
        if (principal->name() == "gateway") sees_tokens = principal->tokens_size() == 1;
      }
    }
    f.Stop();
    return caught_up && sees_tokens;
  }

  TestCertificates pki_;
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<TopologyServer> topology_;
  std::unique_ptr<tv1::Topology::Stub> topo_;
  std::string gateway_token_;
  int64_t revision_ = 0;
};

TEST_F(TopologyTlsTest, GatewayFollowsByClientCertificateWithoutAToken) {
  const CertificatePair cert = pki_.Client("gateway", {"DNS:gateway.causeway.svc"});
  EXPECT_TRUE(Follows({.ca = pki_.ca(), .cert = cert.cert, .key = cert.key}));
}

TEST_F(TopologyTlsTest, GatewayFollowsByTokenOverServerVerifiedTls) {
  EXPECT_TRUE(Follows({.ca = pki_.ca(), .token = gateway_token_}));
}

TEST_F(TopologyTlsTest, WhatDoesNotGetThrough) {
  // Plaintext to a TLS server.
  EXPECT_FALSE(Follows({.token = gateway_token_}, absl::Seconds(2)));
  // A server certificate from a CA the gateway does not trust.
  TestCertificates other;
  EXPECT_FALSE(Follows({.ca = other.ca(), .token = gateway_token_}, absl::Seconds(2)));
  // A verified certificate that names no principal, and no token.
  const CertificatePair nobody = pki_.Client("nobody.example.com");
  EXPECT_FALSE(Follows({.ca = pki_.ca(), .cert = nobody.cert, .key = nobody.key}, absl::Seconds(2)));
}

}  // namespace
}  // namespace causeway::testing
