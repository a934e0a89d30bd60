#include "common/auth/principal_directory.h"

#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "common/core/bearer_token.h"

namespace causeway::auth {
namespace {

class DirectoryTest : public ::testing::Test {
 protected:
  DirectoryTest() {
    alice_.set_name("alice");
    alice_.add_tokens()->set_sha256(Sha256Hex("tok-alice"));
    svc_.set_name("svc");
    svc_.add_certificate_names("svc.example.com");
    twin_.set_name("twin");
    twin_.add_certificate_names("shared.example.com");
    twin2_.set_name("twin2");
    twin2_.add_certificate_names("shared.example.com");
    owner_.set_principal("alice");
    owner_.set_role(v1::ROLE_OWNER);
    owner_.set_namespace_("mfp");
  }
  PrincipalDirectory Directory() {
    return PrincipalDirectory({&alice_, &svc_, &twin_, &twin2_}, {&owner_});
  }
  v1::Principal alice_, svc_, twin_, twin2_;
  v1::RoleBinding owner_;
};

TEST_F(DirectoryTest, TokensAndCertificateNamesIdentifyTheirPrincipal) {
  PrincipalDirectory d = Directory();
  auto by_token = d.Authenticate(CredentialsFromAuthorization("Bearer tok-alice"));
  ASSERT_TRUE(by_token.ok()) << by_token.status();
  EXPECT_EQ(by_token->principal, "alice");
  EXPECT_EQ(by_token->method, AuthMethod::kToken);
  Credentials cert;
  cert.certificate_names = {"unrelated-cn", "svc.example.com"};
  auto by_cert = d.Authenticate(cert);
  ASSERT_TRUE(by_cert.ok());
  EXPECT_EQ(by_cert->principal, "svc");
  EXPECT_EQ(by_cert->method, AuthMethod::kCertificate);
}

TEST_F(DirectoryTest, BasicCarriesTheTokenAsPassword) {
  const std::string basic = "Basic " + absl::Base64Escape("anyone:tok-alice");
  auto id = Directory().Authenticate(CredentialsFromAuthorization(basic));
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->principal, "alice");
}

TEST_F(DirectoryTest, WhatDoesNotAuthenticate) {
  PrincipalDirectory d = Directory();
  EXPECT_TRUE(absl::IsUnauthenticated(d.Authenticate(Credentials{}).status()));
  EXPECT_TRUE(absl::IsUnauthenticated(
      d.Authenticate(CredentialsFromAuthorization("Bearer tok-nobody")).status()));
  EXPECT_TRUE(absl::IsUnauthenticated(
      d.Authenticate(CredentialsFromAuthorization("Digest abc")).status()));
  EXPECT_TRUE(absl::IsUnauthenticated(
      d.Authenticate(CredentialsFromAuthorization("Basic !!!")).status()));
  EXPECT_TRUE(absl::IsUnauthenticated(
      d.Authenticate(CredentialsFromAuthorization("Bearer ")).status()));
  Credentials ambiguous;
  ambiguous.certificate_names = {"shared.example.com"};
  EXPECT_TRUE(absl::IsUnauthenticated(d.Authenticate(ambiguous).status()));
  Credentials contradiction = CredentialsFromAuthorization("Bearer tok-alice");
  contradiction.certificate_names = {"svc.example.com"};
  EXPECT_TRUE(absl::IsUnauthenticated(d.Authenticate(contradiction).status()));
}

TEST_F(DirectoryTest, CheckNamesWhatIsNeeded) {
  PrincipalDirectory d = Directory();
  EXPECT_TRUE(d.Check("alice", Need::Owner("mfp")).ok());
  EXPECT_TRUE(d.Check("alice", Need::Viewer("mfp")).ok());
  absl::Status s = d.Check("alice", Need::Publisher("mfp"));
  EXPECT_TRUE(absl::IsPermissionDenied(s));
  EXPECT_EQ(s.message(), "principal \"alice\" needs role publisher of namespace \"mfp\"");
  EXPECT_FALSE(d.Allows("svc", Need::Viewer("mfp"))) << "no bindings, no roles";
}

TEST_F(DirectoryTest, TheDirectoryOutlivesTheMessagesItWasBuiltFrom) {
  auto* binding = new v1::RoleBinding(owner_);
  PrincipalDirectory d({&alice_}, {binding});
  delete binding;
  EXPECT_TRUE(d.Allows("alice", Need::Owner("mfp")));
}

}  // namespace
}  // namespace causeway::auth
