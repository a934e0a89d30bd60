// Every class of error exits non-zero and says what happened on stderr:
// `error: <GRPC_CODE>: <message>` with exit code 1 for the server's errors, `error: usage: ...` with
// exit code 2 for a wrong command line, `error: config: ...` with exit code 2 for wrong connection
// settings.
#include "absl/strings/match.h"
#include "cli_fixture.h"

namespace causeway::testing {
namespace {

struct ErrorCase {
  std::string name;
  std::vector<std::vector<std::string>> setup;
  std::vector<std::string> command;
  std::string prefix;   // how stderr starts
  std::string mention;  // a word the message must contain (field path, user), or empty
  int exit_code = 1;
};

void PrintTo(const ErrorCase& c, std::ostream* os) { *os << c.name; }

const std::vector<std::string> kZone = {"zone", "create", "eu"};
const std::vector<std::string> kCluster = {"cluster", "create", "eu-a", "--zone", "eu",
                                           "--bootstrap-servers", "127.0.0.1:9092"};
const std::vector<std::string> kNamespace = {"namespace", "create", "payments"};
const std::vector<std::string> kPrincipal = {"principal", "create", "billing"};
const std::vector<std::string> kRoleBinding = {"role", "grant", "billing", "publisher", "payments"};

const ErrorCase kCases[] = {
    {.name = "BadNameIsInvalidArgument",
     .command = {"namespace", "create", "Bad Name"},
     .prefix = "error: INVALID_ARGUMENT: ",
     .mention = "namespace.name"},
    {.name = "BadBootstrapServersIsInvalidArgument",
     .setup = {kZone},
     .command = {"cluster", "create", "eu-a", "--zone", "eu", "--bootstrap-servers", "no-port"},
     .prefix = "error: INVALID_ARGUMENT: ",
     .mention = "bootstrap_servers"},
    {.name = "UnknownEntityIsNotFound",
     .command = {"zone", "get", "nowhere"},
     .prefix = "error: NOT_FOUND: ",
     .mention = "nowhere"},
    {.name = "UnknownReferenceIsNotFound",
     .command = {"cluster", "create", "eu-a", "--zone", "nowhere", "--bootstrap-servers",
                 "127.0.0.1:9092"},
     .prefix = "error: NOT_FOUND: ",
     .mention = "nowhere"},
    {.name = "DuplicateIsAlreadyExists",
     .setup = {kZone},
     .command = kZone,
     .prefix = "error: ALREADY_EXISTS: ",
     .mention = "eu"},
    {.name = "StaleVersionIsAborted",
     .setup = {kZone},
     .command = {"zone", "update", "eu", "--description", "late", "--version", "7"},
     .prefix = "error: ABORTED: "},
    {.name = "StaleVersionOnDeleteIsAborted",
     .setup = {kZone},
     .command = {"zone", "delete", "eu", "--version", "7"},
     .prefix = "error: ABORTED: "},
    {.name = "DeleteInUseIsFailedPrecondition",
     .setup = {kZone, kCluster},
     .command = {"zone", "delete", "eu"},
     .prefix = "error: FAILED_PRECONDITION: ",
     .mention = "eu-a"},
    {.name = "MissingRequiredFlagIsUsage",
     .setup = {kZone},
     .command = {"cluster", "create", "eu-a", "--bootstrap-servers", "127.0.0.1:9092"},
     .prefix = "error: usage: ",
     .mention = "--zone",
     .exit_code = 2},
    {.name = "UpdateWithNothingToChangeIsUsage",
     .setup = {kZone},
     .command = {"zone", "update", "eu"},
     .prefix = "error: usage: ",
     .mention = "--description",
     .exit_code = 2},
    {.name = "EventTypeWithoutNamespaceIsUsage",
     .command = {"event-type", "get", "FoodEntryCreated"},
     .prefix = "error: usage: ",
     .mention = "<namespace>/<name>",
     .exit_code = 2},
    {.name = "UnknownEnumValueIsUsage",
     .setup = {kZone},
     .command = {"cluster", "create", "eu-a", "--zone", "eu", "--bootstrap-servers",
                 "127.0.0.1:9092", "--state", "sleeping"},
     .prefix = "error: usage: ",
     .mention = "DRAINING",
     .exit_code = 2},
    {.name = "UnknownPrincipalIsNotFound",
     .command = {"principal", "issue-token", "nobody"},
     .prefix = "error: NOT_FOUND: ",
     .mention = "nobody"},
    {.name = "RoleForUnknownPrincipalIsNotFound",
     .setup = {kNamespace},
     .command = {"role", "grant", "nobody", "publisher", "payments"},
     .prefix = "error: NOT_FOUND: ",
     .mention = "nobody"},
    {.name = "UnknownTokenIsNotFound",
     .setup = {kPrincipal},
     .command = {"principal", "revoke-token", "billing", "0123456789ab"},
     .prefix = "error: NOT_FOUND: ",
     .mention = "0123456789ab"},
    {.name = "DuplicateRoleBindingIsAlreadyExists",
     .setup = {kNamespace, kPrincipal, kRoleBinding},
     .command = kRoleBinding,
     .prefix = "error: ALREADY_EXISTS: "},
    {.name = "NamespacedRoleWithoutNamespaceIsInvalidArgument",
     .setup = {kPrincipal},
     .command = {"role", "grant", "billing", "owner"},
     .prefix = "error: INVALID_ARGUMENT: "},
    {.name = "BadCertificateNameIsInvalidArgument",
     .command = {"principal", "create", "billing", "--certificate-name", "billing example.com"},
     .prefix = "error: INVALID_ARGUMENT: ",
     .mention = "principal.certificate_names[0]"},
    {.name = "CertificateNameOfAnotherPrincipalIsAlreadyExists",
     .setup = {{"principal", "create", "billing", "--certificate-name", "billing.example.com"}},
     .command = {"principal", "create", "ledger", "--certificate-name", "billing.example.com"},
     .prefix = "error: ALREADY_EXISTS: ",
     .mention = "billing"},
    {.name = "StaleRoleBindingVersionIsAborted",
     .setup = {kNamespace, kPrincipal, kRoleBinding},
     .command = {"role", "revoke", "billing", "publisher", "payments", "--version", "7"},
     .prefix = "error: ABORTED: "},
    {.name = "RoleListByPrincipalAndNamespaceIsUsage",
     .command = {"role", "list", "--principal", "billing", "--namespace", "payments"},
     .prefix = "error: usage: ",
     .mention = "--namespace",
     .exit_code = 2},
    {.name = "UnknownRoleIsUsage",
     .command = {"role", "grant", "billing", "Admin"},
     .prefix = "error: usage: ",
     .mention = "ROLE must be one of admin, owner",
     .exit_code = 2},
    {.name = "RevokeTokenWithoutIdIsUsage",
     .command = {"principal", "revoke-token", "billing"},
     .prefix = "error: usage: ",
     .mention = "token_id",
     .exit_code = 2},
    {.name = "LiteralSecretPropertyIsInvalidArgument",
     .setup = {kZone},
     .command = {"cluster", "create", "eu-a", "--zone", "eu", "--bootstrap-servers",
                 "127.0.0.1:9092", "--property", "sasl.password=hunter2"},
     .prefix = "error: INVALID_ARGUMENT: ",
     .mention = "sasl.password"},
    {.name = "TokenAndTokenFileIsConfig",
     .command = {"--token", "cwt_x", "--token-file", "/nonexistent", "zone", "list"},
     .prefix = "error: config: ",
     .mention = "--token and --token-file",
     .exit_code = 2},
    {.name = "UnreadableTokenFileIsConfig",
     .command = {"--token-file", "/nonexistent/token", "zone", "list"},
     .prefix = "error: config: ",
     .mention = "--token-file: cannot read \"/nonexistent/token\"",
     .exit_code = 2},
    {.name = "UnreadableCaIsConfig",
     .command = {"--tls-ca", "/nonexistent/ca.pem", "zone", "list"},
     .prefix = "error: config: ",
     .mention = "--tls-ca: cannot read \"/nonexistent/ca.pem\"",
     .exit_code = 2},
    {.name = "ClientCertificateWithoutKeyIsConfig",
     .command = {"--tls-ca", "/etc/hostname", "--tls-cert", "/etc/hostname", "zone", "list"},
     .prefix = "error: config: ",
     .mention = "tls-key",
     .exit_code = 2},
    {.name = "UnknownContextIsConfig",
     .command = {"--context", "nowhere", "zone", "list"},
     .prefix = "error: config: ",
     .mention = "context \"nowhere\" (from --context)",
     .exit_code = 2},
    {.name = "NoCommandIsUsage", .command = {}, .prefix = "error: usage: ", .exit_code = 2},
};

class CliErrorTest : public CliTest, public ::testing::WithParamInterface<ErrorCase> {};

TEST_P(CliErrorTest, ExitsNonZeroAndPrintsTheCode) {
  const ErrorCase& c = GetParam();
  for (const auto& setup : c.setup) Ok(setup);
  CliResult result = Cli(c.command);
  EXPECT_EQ(result.exit_code, c.exit_code) << result;
  EXPECT_TRUE(absl::StartsWith(result.err, c.prefix)) << result;
  EXPECT_NE(result.err.find(c.mention), std::string::npos) << result;
  EXPECT_EQ(result.out, "") << result;
}

INSTANTIATE_TEST_SUITE_P(EveryClass, CliErrorTest, ::testing::ValuesIn(kCases),
                         [](const auto& info) { return info.param.name; });

TEST_F(CliTest, UnreachableServerIsUnavailable) {
  CliResult result = CliBare({"--server", "127.0.0.1:1", "--timeout", "5", "zone", "list"});
  EXPECT_EQ(result.exit_code, 1) << result;
  EXPECT_TRUE(absl::StartsWith(result.err, "error: UNAVAILABLE: ")) << result;
}

TEST_F(CliTest, AnonymousCallIsUnauthenticatedWithAHintWhereToSetCredentials) {
  CliResult result = CliBare({"--server", server_->address(), "zone", "list"});
  EXPECT_EQ(result.exit_code, 1) << result;
  EXPECT_TRUE(absl::StartsWith(result.err, "error: UNAUTHENTICATED: ")) << result;
  EXPECT_NE(result.err.find("\nhint: no credentials were given: set --token, $CAUSEWAY_TOKEN or a "
                            "context in ~/.config/causeway/config"),
            std::string::npos)
      << result;
  EXPECT_EQ(result.out, "") << result;
}

TEST_F(CliTest, AnEmptyTokenFlagOverridesTheEnvironmentAndCallsAnonymously) {
  CliResult result = Cli({"--token=", "zone", "list"});
  EXPECT_EQ(result.exit_code, 1) << result;
  EXPECT_TRUE(absl::StartsWith(result.err, "error: UNAUTHENTICATED: ")) << result;
  EXPECT_NE(result.err.find("hint: no credentials"), std::string::npos) << result;
}

TEST_F(CliTest, UnknownTokenIsUnauthenticatedWithoutTheHint) {
  CliResult result = Cli({"zone", "list"}, {"CAUSEWAY_TOKEN=cwt_not-a-token-of-anyone"});
  EXPECT_EQ(result.exit_code, 1) << result;
  EXPECT_TRUE(absl::StartsWith(result.err, "error: UNAUTHENTICATED: ")) << result;
  EXPECT_EQ(result.err.find("hint:"), std::string::npos) << result;
}

TEST_F(CliTest, MissingRoleIsPermissionDeniedNamingTheRole) {
  const std::string token = MakePrincipal("viewer-only", topology::v1::ROLE_VIEWER);
  CliResult result = Cli({"zone", "create", "eu"}, {"CAUSEWAY_TOKEN=" + token});
  EXPECT_EQ(result.exit_code, 1) << result;
  EXPECT_TRUE(absl::StartsWith(result.err, "error: PERMISSION_DENIED: ")) << result;
  EXPECT_NE(result.err.find("admin"), std::string::npos) << result;
  EXPECT_NE(result.err.find("hint: causeway whoami"), std::string::npos) << result;
  // What a viewer may do, it does.
  EXPECT_EQ(Cli({"zone", "list"}, {"CAUSEWAY_TOKEN=" + token}).exit_code, 0);
}

TEST_F(CliTest, ConfigErrorsDoNotStopCommandsThatCallNoServer) {
  const std::string schema = WriteFile("name.avsc", R"("string")");
  CliResult result = CliBare({"--context", "nowhere", "schema", "fingerprint", schema});
  EXPECT_EQ(result.exit_code, 0) << result;
}

TEST_F(CliTest, ActorIsIgnoredWithADeprecationWarning) {
  CliResult result = Cli({"--actor", "alice", "zone", "create", "eu"});
  EXPECT_EQ(result.exit_code, 0) << result;
  EXPECT_TRUE(absl::StartsWith(result.err, "warning: --actor is deprecated and ignored")) << result;
  auto changes = JsonArray(Ok({"history", "--entity", "zone/eu", "--json"}).out);
  ASSERT_EQ(changes.values_size(), 1);
  EXPECT_EQ(JsonField(changes.values(0).struct_value(), "actor"), kTestAdmin);
}

TEST_F(CliTest, ConcurrentEditBetweenReadAndWriteIsAbortedNotLost) {
  // The update re-reads the entity and sends its version: a second operator's update in between
  // is what --version guards; here the version given is the one both read.
  Ok({"zone", "create", "eu"});
  Ok({"zone", "update", "eu", "--description", "first", "--version", "1"});
  CliResult second = Cli({"zone", "update", "eu", "--description", "second", "--version", "1"});
  EXPECT_EQ(second.exit_code, 1) << second;
  EXPECT_TRUE(absl::StartsWith(second.err, "error: ABORTED: ")) << second;
  EXPECT_EQ(JsonField(JsonObject(Ok({"zone", "get", "eu", "--json"}).out), "description"), "first");
}

}  // namespace
}  // namespace causeway::testing
