#include "cli/producer_commands.h"

#include <iostream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "causeway/topology/v1/topology.pb.h"
#include "cli/entity_key.h"
#include "cli/output.h"
#include "cli/results.h"

namespace causeway::cli {
namespace {

namespace v1 = ::causeway::topology::v1;

constexpr absl::string_view kProducerHelp = "Name of the producer";

// In table form stdout carries the token alone, so that `TOKEN=$(causeway producer issue-token
// billing)` captures exactly it; what a person needs to know goes to stderr.
void PrintIssued(const v1::IssueProducerTokenResponse& issued, Output& out) {
  if (out.json()) {
    out.Entity(issued);
    return;
  }
  out.Line(issued.token());
  std::cerr << "issued token " << issued.token_id() << " to producer " << issued.producer().name()
            << "; store it now: it cannot be shown again (only its SHA-256 is kept). Revoke it "
               "with: causeway producer revoke-token "
            << issued.producer().name() << " " << issued.token_id() << "\n";
}

void AddIssueToken(CLI::App* producer, CommandRunner& runner) {
  CLI::App* command = producer->add_subcommand(
      "issue-token",
      "Issue a bearer token to a producer (for causeway-gateway's `authorization: Bearer`). "
      "Prints only the token; it is shown this once. A producer may hold several (rotation: "
      "issue, deploy, revoke the old one)");
  auto request = std::make_shared<v1::IssueProducerTokenRequest>();
  AddKeyArgument(command, KeyShape::kName, request->mutable_name(), kProducerHelp);
  command->add_option("--description", *request->mutable_description(),
                      "Where the token goes (e.g. billing prod), kept with its hash");
  runner.Bind(command, [request](Session& session) -> absl::Status {
    auto issued =
        session.client.CallTyped<v1::IssueProducerTokenResponse>("IssueProducerToken", *request);
    if (!issued.ok()) return issued.status();
    PrintIssued(*issued, session.out);
    return absl::OkStatus();
  });
}

void AddRevokeToken(CLI::App* producer, CommandRunner& runner) {
  CLI::App* command = producer->add_subcommand(
      "revoke-token",
      "Revoke a producer's token: gateways refuse it from the next publish; prints the producer");
  auto request = std::make_shared<v1::RevokeProducerTokenRequest>();
  AddKeyArgument(command, KeyShape::kName, request->mutable_name(), kProducerHelp);
  command
      ->add_option("token_id", *request->mutable_token_id(),
                   "The token's id, as issue-token, `producer get` and `producer list` show it")
      ->required()
      ->type_name("TOKEN_ID");
  runner.Bind(command, [request](Session& session) {
    return ShowEntity(session, session.client.Call("RevokeProducerToken", *request));
  });
}

}  // namespace

void AddProducerTokenCommands(CLI::App* producer, CommandRunner& runner) {
  AddIssueToken(producer, runner);
  AddRevokeToken(producer, runner);
}

}  // namespace causeway::cli
