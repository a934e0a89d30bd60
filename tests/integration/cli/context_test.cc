// Connection settings from the config file: a context names the server and the credentials,
// --context and $CAUSEWAY_CONTEXT choose one, flags and environment outrank it, and a broken
// context is an error naming the context and the key.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "cli_fixture.h"
#include "support/test_certificates.h"

namespace causeway::testing {
namespace {

class CliContextTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    billing_token_ = MakePrincipal("billing", topology::v1::ROLE_VIEWER);
    WriteFile("tokens/admin.token", std::string(kTestAdminToken) + "\n");
    config_ = WriteFile("causeway.conf", absl::StrCat(R"(# contexts of the test
current-context = admin

[context admin]
server = )", server_->address(), R"(
token-file = tokens/admin.token

[context billing]
server = )", server_->address(), R"(
token = )", billing_token_, R"(

[context nowhere]
server = 127.0.0.1:1
token = cwt_nowhere

[context broken]
server = )", server_->address(), R"(
tls-ca = missing-ca.pem
)"));
  }

  // `causeway whoami --json` with this environment: the principal it names.
  std::string WhoAmI(std::vector<std::string> flags, std::vector<std::string> env) {
    flags.insert(flags.end(), {"whoami", "--json"});
    env.push_back("CAUSEWAY_CONFIG=" + config_);
    CliResult result = CliBare(flags, env);
    EXPECT_EQ(result.exit_code, 0) << result;
    if (result.exit_code != 0) return "";
    return JsonField(JsonObject(result.out), "principal");
  }

  std::string billing_token_;
  std::string config_;
};

TEST_F(CliContextTest, TheCurrentContextGivesServerAndToken) {
  EXPECT_EQ(WhoAmI({}, {}), kTestAdmin);
}

TEST_F(CliContextTest, ContextFlagOutranksEnvironmentOutranksCurrentContext) {
  EXPECT_EQ(WhoAmI({"--context", "billing"}, {}), "billing");
  EXPECT_EQ(WhoAmI({}, {"CAUSEWAY_CONTEXT=billing"}), "billing");
  EXPECT_EQ(WhoAmI({"--context", "admin"}, {"CAUSEWAY_CONTEXT=billing"}), kTestAdmin);
}

TEST_F(CliContextTest, FlagsAndEnvironmentOutrankTheContext) {
  // The context's server is unreachable, its token unknown: both are outranked.
  EXPECT_EQ(WhoAmI({"--context", "nowhere", "--server", server_->address()},
                   {"CAUSEWAY_TOKEN=" + billing_token_}),
            "billing");
  EXPECT_EQ(WhoAmI({"--context", "nowhere"},
                   {"CAUSEWAY_TOPOLOGY=" + server_->address(),
                    std::string("CAUSEWAY_TOKEN=") + kTestAdminToken}),
            kTestAdmin);
}

TEST_F(CliContextTest, AContextWithAMissingFileNamesTheContextAndTheKey) {
  CliResult result =
      CliBare({"--context", "broken", "zone", "list"}, {"CAUSEWAY_CONFIG=" + config_});
  EXPECT_EQ(result.exit_code, 2) << result;
  EXPECT_TRUE(absl::StartsWith(result.err, "error: config: context \"broken\" key tls-ca (")) << result;
  EXPECT_NE(result.err.find(home() + "/missing-ca.pem"), std::string::npos) << result;
  EXPECT_EQ(result.out, "") << result;
}

TEST_F(CliContextTest, AnUnknownContextListsTheContextsThereAre) {
  CliResult result =
      CliBare({"zone", "list"}, {"CAUSEWAY_CONFIG=" + config_, "CAUSEWAY_CONTEXT=staging"});
  EXPECT_EQ(result.exit_code, 2) << result;
  EXPECT_TRUE(absl::StartsWith(result.err,
                               "error: config: context \"staging\" (from $CAUSEWAY_CONTEXT)"))
      << result;
  EXPECT_NE(result.err.find("admin, billing, nowhere, broken"), std::string::npos) << result;
}

TEST_F(CliContextTest, AMissingConfigFileNamedExplicitlyIsAnError) {
  CliResult result = CliBare({"zone", "list"}, {"CAUSEWAY_CONFIG=" + home() + "/none"});
  EXPECT_EQ(result.exit_code, 2) << result;
  EXPECT_TRUE(absl::StartsWith(result.err, "error: config: config file ")) << result;
}

TEST_F(CliContextTest, AFaultyConfigFileIsAnErrorWithItsLine) {
  const std::string faulty = WriteFile("faulty.conf", "[context a]\nserver = x:1\nsrever = y:1\n");
  CliResult result = CliBare({"zone", "list"}, {"CAUSEWAY_CONFIG=" + faulty});
  EXPECT_EQ(result.exit_code, 2) << result;
  EXPECT_NE(result.err.find(faulty + ":3: unknown key \"srever\""), std::string::npos) << result;
}

TEST_F(CliContextTest, TheDefaultConfigFileIsUnderHome) {
  WriteFile(".config/causeway/config", ReadFileText(config_));
  CliResult result = CliBare({"--context", "billing", "whoami"});
  EXPECT_EQ(result.exit_code, 0) << result;
  EXPECT_NE(result.out.find("billing"), std::string::npos) << result;
}

TEST_F(CliContextTest, ConfigViewHidesTokensAndUseContextSwitches) {
  CliResult view = CliBare({"config", "view"}, {"CAUSEWAY_CONFIG=" + config_});
  EXPECT_EQ(view.exit_code, 0) << view;
  EXPECT_NE(view.out.find("[context billing]"), std::string::npos) << view;
  EXPECT_NE(view.out.find("token = (hidden)"), std::string::npos) << view;
  EXPECT_EQ(view.out.find(billing_token_), std::string::npos) << view;
  EXPECT_EQ(view.out.find("cwt_nowhere"), std::string::npos) << view;

  CliResult settings =
      CliBare({"--context", "billing", "config", "settings"}, {"CAUSEWAY_CONFIG=" + config_});
  EXPECT_EQ(settings.exit_code, 0) << settings;
  EXPECT_NE(settings.out.find("context \"billing\" key server"), std::string::npos) << settings;
  EXPECT_EQ(settings.out.find(billing_token_), std::string::npos) << settings;

  CliResult used = CliBare({"config", "use-context", "billing"}, {"CAUSEWAY_CONFIG=" + config_});
  EXPECT_EQ(used.exit_code, 0) << used;
  EXPECT_EQ(WhoAmI({}, {}), "billing");
  EXPECT_NE(ReadFileText(config_).find("# contexts of the test"), std::string::npos);

  CliResult unknown = CliBare({"config", "use-context", "qa"}, {"CAUSEWAY_CONFIG=" + config_});
  EXPECT_EQ(unknown.exit_code, 2) << unknown;
  EXPECT_EQ(WhoAmI({}, {}), "billing");
}

}  // namespace
}  // namespace causeway::testing
