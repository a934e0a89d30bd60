// Principals beyond create/get/list/update/delete (entity_lifecycle_test.cc): bearer tokens, shown
// once on stdout and never again, that authenticate the CLI; certificate names replaced and
// cleared on update.
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "cli_fixture.h"

namespace causeway::testing {
namespace {

class CliPrincipalTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    Ok({"principal", "create", "billing", "--owner", "team-billing"});
  }

  google::protobuf::Struct Principal() {
    return JsonObject(Ok({"principal", "get", "billing", "--json"}).out);
  }
  int TokenCount() { return Principal().fields().at("tokens").list_value().values_size(); }
  std::vector<std::string> CertificateNames() {
    const google::protobuf::Struct principal = Principal();
    std::vector<std::string> names;
    for (const auto& value : principal.fields().at("certificate_names").list_value().values()) {
      names.push_back(value.string_value());
    }
    return names;
  }
};

TEST_F(CliPrincipalTest, IssueTokenPrintsOnlyTheTokenAndNothingShowsItAgain) {
  CliResult issued = Ok({"principal", "issue-token", "billing", "--description", "ci"});
  ASSERT_TRUE(absl::EndsWith(issued.out, "\n")) << issued;
  const std::string token = issued.out.substr(0, issued.out.size() - 1);
  EXPECT_TRUE(absl::StartsWith(token, "cwt_")) << issued;
  EXPECT_EQ(token.find_first_of(" \t\n"), std::string::npos) << issued;  // the token alone

  const google::protobuf::Struct principal = Principal();
  const std::string id = JsonField(principal, "tokens.0.id");
  EXPECT_EQ(JsonField(principal, "tokens.0.description"), "ci");
  EXPECT_NE(issued.err.find(id), std::string::npos) << issued;
  EXPECT_NE(issued.err.find("cannot be shown again"), std::string::npos) << issued;

  for (const std::vector<std::string>& shows :
       {std::vector<std::string>{"principal", "get", "billing"},
        {"principal", "get", "billing", "--json"},
        {"principal", "list"},
        {"principal", "list", "--json"},
        {"history", "--json"}}) {
    EXPECT_EQ(Ok(shows).out.find(token), std::string::npos) << shows[0] << " " << shows[1];
  }
  CliResult list = Ok({"principal", "list"});
  EXPECT_NE(list.out.find("TOKENS"), std::string::npos) << list;
  EXPECT_NE(list.out.find(id), std::string::npos) << list;
}

TEST_F(CliPrincipalTest, IssueTokenWithJsonPrintsTheWholeResponse) {
  auto issued = JsonObject(Ok({"principal", "issue-token", "billing", "--json"}).out);
  EXPECT_TRUE(absl::StartsWith(JsonField(issued, "token"), "cwt_"));
  EXPECT_EQ(JsonField(issued, "principal.name"), "billing");
  EXPECT_EQ(JsonField(issued, "principal.tokens.0.id"), JsonField(issued, "token_id"));
}

TEST_F(CliPrincipalTest, RevokeTokenRemovesOnlyThatToken) {
  auto first = JsonObject(Ok({"principal", "issue-token", "billing", "--json"}).out);
  auto second = JsonObject(Ok({"principal", "issue-token", "billing", "--json"}).out);
  ASSERT_EQ(TokenCount(), 2);

  auto revoked = JsonObject(
      Ok({"principal", "revoke-token", "billing", JsonField(first, "token_id"), "--json"}).out);
  EXPECT_EQ(JsonField(revoked, "tokens.0.id"), JsonField(second, "token_id"));
  EXPECT_EQ(TokenCount(), 1);

  CliResult again = Cli({"principal", "revoke-token", "billing", JsonField(first, "token_id")});
  EXPECT_EQ(again.exit_code, 1) << again;
  EXPECT_TRUE(absl::StartsWith(again.err, "error: NOT_FOUND: ")) << again;
}

TEST_F(CliPrincipalTest, CertificateNamesAreReplacedOnUpdateAndClearedByAnEmptyValue) {
  Ok({"principal", "update", "billing", "--certificate-name", "a.example.com", "--certificate-name",
      "b.example.com"});
  EXPECT_EQ(CertificateNames(), (std::vector<std::string>{"a.example.com", "b.example.com"}));

  Ok({"principal", "update", "billing", "--certificate-name", "c.example.com"});
  EXPECT_EQ(CertificateNames(), std::vector<std::string>{"c.example.com"});

  Ok({"principal", "update", "billing", "--owner", "team-ledger"});  // names not given: kept
  EXPECT_EQ(CertificateNames(), std::vector<std::string>{"c.example.com"});

  Ok({"principal", "update", "billing", "--certificate-name="});
  EXPECT_EQ(CertificateNames(), std::vector<std::string>{});
  EXPECT_EQ(JsonField(Principal(), "owner"), "team-ledger");
}

TEST_F(CliPrincipalTest, AnIssuedTokenAuthenticatesTheCliUntilItIsRevoked) {
  auto issued = JsonObject(Ok({"principal", "issue-token", "billing", "--json"}).out);
  const std::string token = JsonField(issued, "token");

  CliResult whoami = Cli({"whoami", "--json"}, {"CAUSEWAY_TOKEN=" + token});
  ASSERT_EQ(whoami.exit_code, 0) << whoami;
  auto me = JsonObject(whoami.out);
  EXPECT_EQ(JsonField(me, "principal"), "billing");
  EXPECT_EQ(JsonField(me, "method"), "token");

  Ok({"principal", "revoke-token", "billing", JsonField(issued, "token_id")});
  CliResult refused = Cli({"whoami"}, {"CAUSEWAY_TOKEN=" + token});
  EXPECT_EQ(refused.exit_code, 1) << refused;
  EXPECT_TRUE(absl::StartsWith(refused.err, "error: UNAUTHENTICATED: ")) << refused;
  // Credentials were given: the hint about setting them would mislead.
  EXPECT_EQ(refused.err.find("hint: no credentials"), std::string::npos) << refused;
}

TEST_F(CliPrincipalTest, DeletingAPrincipalStopsItsTokens) {
  const std::string token = IssueToken("billing");
  Ok({"principal", "delete", "billing"});
  CliResult refused = Cli({"whoami"}, {"CAUSEWAY_TOKEN=" + token});
  EXPECT_EQ(refused.exit_code, 1) << refused;
  EXPECT_TRUE(absl::StartsWith(refused.err, "error: UNAUTHENTICATED: ")) << refused;
}

}  // namespace
}  // namespace causeway::testing
