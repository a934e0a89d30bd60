// Producers beyond create/get/list/update/delete (entity_lifecycle_test.cc): bearer tokens, shown
// once on stdout and never again; certificate names replaced and cleared on update.
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "cli_fixture.h"

namespace causeway::testing {
namespace {

class CliProducerTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    Ok({"producer", "create", "billing", "--owner", "team-billing"});
  }

  google::protobuf::Struct Producer() {
    return JsonObject(Ok({"producer", "get", "billing", "--json"}).out);
  }
  int TokenCount() { return Producer().fields().at("tokens").list_value().values_size(); }
  std::vector<std::string> CertificateNames() {
    const google::protobuf::Struct producer = Producer();
    std::vector<std::string> names;
    for (const auto& value : producer.fields().at("certificate_names").list_value().values()) {
      names.push_back(value.string_value());
    }
    return names;
  }
};

TEST_F(CliProducerTest, IssueTokenPrintsOnlyTheTokenAndNothingShowsItAgain) {
  CliResult issued = Ok({"producer", "issue-token", "billing", "--description", "ci"});
  ASSERT_TRUE(absl::EndsWith(issued.out, "\n")) << issued;
  const std::string token = issued.out.substr(0, issued.out.size() - 1);
  EXPECT_TRUE(absl::StartsWith(token, "cwt_")) << issued;
  EXPECT_EQ(token.find_first_of(" \t\n"), std::string::npos) << issued;  // the token alone

  const google::protobuf::Struct producer = Producer();
  const std::string id = JsonField(producer, "tokens.0.id");
  EXPECT_EQ(JsonField(producer, "tokens.0.description"), "ci");
  EXPECT_NE(issued.err.find(id), std::string::npos) << issued;
  EXPECT_NE(issued.err.find("cannot be shown again"), std::string::npos) << issued;

  for (const std::vector<std::string>& shows :
       {std::vector<std::string>{"producer", "get", "billing"},
        {"producer", "get", "billing", "--json"},
        {"producer", "list"},
        {"producer", "list", "--json"},
        {"history", "--json"}}) {
    EXPECT_EQ(Ok(shows).out.find(token), std::string::npos) << shows[0] << " " << shows[1];
  }
  CliResult list = Ok({"producer", "list"});
  EXPECT_NE(list.out.find("TOKENS"), std::string::npos) << list;
  EXPECT_NE(list.out.find(id), std::string::npos) << list;
}

TEST_F(CliProducerTest, IssueTokenWithJsonPrintsTheWholeResponse) {
  auto issued = JsonObject(Ok({"producer", "issue-token", "billing", "--json"}).out);
  EXPECT_TRUE(absl::StartsWith(JsonField(issued, "token"), "cwt_"));
  EXPECT_EQ(JsonField(issued, "producer.name"), "billing");
  EXPECT_EQ(JsonField(issued, "producer.tokens.0.id"), JsonField(issued, "token_id"));
}

TEST_F(CliProducerTest, RevokeTokenRemovesOnlyThatToken) {
  auto first = JsonObject(Ok({"producer", "issue-token", "billing", "--json"}).out);
  auto second = JsonObject(Ok({"producer", "issue-token", "billing", "--json"}).out);
  ASSERT_EQ(TokenCount(), 2);

  auto revoked = JsonObject(
      Ok({"producer", "revoke-token", "billing", JsonField(first, "token_id"), "--json"}).out);
  EXPECT_EQ(JsonField(revoked, "tokens.0.id"), JsonField(second, "token_id"));
  EXPECT_EQ(TokenCount(), 1);

  CliResult again = Cli({"producer", "revoke-token", "billing", JsonField(first, "token_id")});
  EXPECT_EQ(again.exit_code, 1) << again;
  EXPECT_TRUE(absl::StartsWith(again.err, "error: NOT_FOUND: ")) << again;
}

TEST_F(CliProducerTest, CertificateNamesAreReplacedOnUpdateAndClearedByAnEmptyValue) {
  Ok({"producer", "update", "billing", "--certificate-name", "a.example.com", "--certificate-name",
      "b.example.com"});
  EXPECT_EQ(CertificateNames(), (std::vector<std::string>{"a.example.com", "b.example.com"}));

  Ok({"producer", "update", "billing", "--certificate-name", "c.example.com"});
  EXPECT_EQ(CertificateNames(), std::vector<std::string>{"c.example.com"});

  Ok({"producer", "update", "billing", "--owner", "team-ledger"});  // names not given: kept
  EXPECT_EQ(CertificateNames(), std::vector<std::string>{"c.example.com"});

  Ok({"producer", "update", "billing", "--certificate-name="});
  EXPECT_EQ(CertificateNames(), std::vector<std::string>{});
  EXPECT_EQ(JsonField(Producer(), "owner"), "team-ledger");
}

}  // namespace
}  // namespace causeway::testing
