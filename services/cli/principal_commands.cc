#include "cli/principal_commands.h"

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

constexpr absl::string_view kPrincipalHelp = "Name of the principal";

// In table form stdout carries the token alone, so that `TOKEN=$(causeway principal issue-token
// billing)` captures exactly it; what a person needs to know goes to stderr.
void PrintIssued(const v1::IssueTokenResponse& issued, Output& out) {
  if (out.json()) {
    out.Entity(issued);
    return;
  }
  out.Line(issued.token());
  std::cerr << "issued token " << issued.token_id() << " to principal "
            << issued.principal().name()
            << "; store it now: it cannot be shown again (only its SHA-256 is kept). Revoke it "
               "with: causeway principal revoke-token "
            << issued.principal().name() << " " << issued.token_id() << "\n";
}

void AddIssueToken(CLI::App* principal, CommandRunner& runner) {
  CLI::App* command = principal->add_subcommand(
      "issue-token",
      "Issue a bearer token to a principal (`authorization: Bearer` for causeway-topology and "
      "causeway-gateway; --token or $CAUSEWAY_TOKEN of this CLI). Prints only the token; it is "
      "shown this once. A principal may hold up to 20 (rotation: issue, deploy, revoke the old "
      "one)");
  auto request = std::make_shared<v1::IssueTokenRequest>();
  AddKeyArgument(command, KeyShape::kName, request->mutable_name(), kPrincipalHelp);
  command->add_option("--description", *request->mutable_description(),
                      "Where the token goes (e.g. billing prod), kept with its hash");
  runner.Bind(command, [request](Session& session) -> absl::Status {
    auto issued =
        session.client.CallTyped<v1::IssueTokenResponse>("IssueToken", *request);
    if (!issued.ok()) return issued.status();
    PrintIssued(*issued, session.out);
    return absl::OkStatus();
  });
}

void AddRevokeToken(CLI::App* principal, CommandRunner& runner) {
  CLI::App* command = principal->add_subcommand(
      "revoke-token",
      "Revoke a principal's token: every server refuses it from the next call; prints the "
      "principal");
  auto request = std::make_shared<v1::RevokeTokenRequest>();
  AddKeyArgument(command, KeyShape::kName, request->mutable_name(), kPrincipalHelp);
  command
      ->add_option("token_id", *request->mutable_token_id(),
                   "The token's id, as issue-token, `principal get` and `principal list` show it")
      ->required()
      ->type_name("TOKEN_ID");
  runner.Bind(command, [request](Session& session) {
    return ShowEntity(session, session.client.Call("RevokeToken", *request));
  });
}

}  // namespace

void AddPrincipalTokenCommands(CLI::App* principal, CommandRunner& runner) {
  AddIssueToken(principal, runner);
  AddRevokeToken(principal, runner);
}

}  // namespace causeway::cli
