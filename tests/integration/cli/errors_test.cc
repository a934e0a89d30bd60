// Every class of error exits non-zero and says what happened on stderr:
// `error: <GRPC_CODE>: <message>` with exit code 1 for the server's errors, `error: usage: ...` with
// exit code 2 for a wrong command line.
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
const std::vector<std::string> kProducer = {"producer", "create", "billing"};
const std::vector<std::string> kGrant = {"grant", "add", "billing", "payments"};

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
    {.name = "UnknownProducerIsNotFound",
     .command = {"producer", "issue-token", "nobody"},
     .prefix = "error: NOT_FOUND: ",
     .mention = "nobody"},
    {.name = "GrantToUnknownProducerIsNotFound",
     .setup = {kNamespace},
     .command = {"grant", "add", "nobody", "payments"},
     .prefix = "error: NOT_FOUND: ",
     .mention = "nobody"},
    {.name = "UnknownTokenIsNotFound",
     .setup = {kProducer},
     .command = {"producer", "revoke-token", "billing", "0123456789ab"},
     .prefix = "error: NOT_FOUND: ",
     .mention = "0123456789ab"},
    {.name = "DuplicateGrantIsAlreadyExists",
     .setup = {kNamespace, kProducer, kGrant},
     .command = kGrant,
     .prefix = "error: ALREADY_EXISTS: "},
    {.name = "BadCertificateNameIsInvalidArgument",
     .command = {"producer", "create", "billing", "--certificate-name", "billing example.com"},
     .prefix = "error: INVALID_ARGUMENT: ",
     .mention = "producer.certificate_names[0]"},
    {.name = "CertificateNameOfAnotherProducerIsAlreadyExists",
     .setup = {{"producer", "create", "billing", "--certificate-name", "billing.example.com"}},
     .command = {"producer", "create", "ledger", "--certificate-name", "billing.example.com"},
     .prefix = "error: ALREADY_EXISTS: ",
     .mention = "billing"},
    {.name = "StaleGrantVersionIsAborted",
     .setup = {kNamespace, kProducer, kGrant},
     .command = {"grant", "remove", "billing", "payments", "--version", "7"},
     .prefix = "error: ABORTED: "},
    {.name = "GrantListByProducerAndNamespaceIsUsage",
     .command = {"grant", "list", "--producer", "billing", "--namespace", "payments"},
     .prefix = "error: usage: ",
     .mention = "--namespace",
     .exit_code = 2},
    {.name = "RevokeTokenWithoutIdIsUsage",
     .command = {"producer", "revoke-token", "billing"},
     .prefix = "error: usage: ",
     .mention = "token_id",
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
