#include "cli/grant_commands.h"

#include <cstdint>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "causeway/topology/v1/topology.pb.h"
#include "cli/entity_key.h"
#include "cli/list_pages.h"
#include "cli/output.h"
#include "cli/results.h"

namespace causeway::cli {
namespace {

namespace v1 = ::causeway::topology::v1;

// A grant is named by its producer and its namespace, given as two arguments.
struct GrantKey {
  std::string producer;
  std::string ns;
};

std::shared_ptr<GrantKey> AddGrantKey(CLI::App* command) {
  auto key = std::make_shared<GrantKey>();
  AddKeyArgument(command, KeyShape::kName, &key->producer, "The producer")->type_name("PRODUCER");
  command->add_option("namespace", key->ns, "The namespace")->required()->type_name("NAMESPACE");
  return key;
}

void AddGrantAdd(CLI::App* grant, CommandRunner& runner) {
  CLI::App* command = grant->add_subcommand(
      "add", "Let a producer publish every event type of a namespace (ALREADY_EXISTS if it may)");
  auto key = AddGrantKey(command);
  runner.Bind(command, [key](Session& session) {
    v1::CreateGrantRequest request;
    request.mutable_grant()->set_producer(key->producer);
    request.mutable_grant()->set_namespace_(key->ns);
    return ShowEntity(session, session.client.Call("CreateGrant", request));
  });
}

void AddGrantRemove(CLI::App* grant, CommandRunner& runner) {
  CLI::App* command = grant->add_subcommand(
      "remove", "Revoke a grant: gateways refuse the producer's next publish to the namespace");
  auto key = AddGrantKey(command);
  auto version = std::make_shared<int64_t>(0);
  AddVersionOption(command, version.get(),
                   "Remove only if the grant's current version is this one (default: any)");
  runner.Bind(command, [key, version](Session& session) {
    v1::DeleteGrantRequest request;
    request.set_producer(key->producer);
    request.set_namespace_(key->ns);
    request.set_version(*version);
    return ShowDone(session, session.client.Call("DeleteGrant", request),
                    absl::StrCat("removed the grant of namespace ", key->ns, " to producer ",
                                 key->producer));
  });
}

void AddGrantList(CLI::App* grant, CommandRunner& runner) {
  CLI::App* command = grant->add_subcommand("list", "List grants, every page unless --limit");
  struct Args {
    std::string producer;
    std::string ns;
    PageOptions pages;
  };
  auto args = std::make_shared<Args>();
  auto* by_producer =
      command->add_option("--producer", args->producer, "Only the grants of this producer");
  auto* by_namespace =
      command->add_option("--namespace", args->ns, "Only the grants of this namespace");
  by_producer->excludes(by_namespace);
  AddPageOptions(command, &args->pages);
  runner.Bind(command, [args](Session& session) {
    v1::ListRequest request;
    if (!args->producer.empty()) request.set_parent(args->producer);
    if (!args->ns.empty()) request.set_parent(absl::StrCat("namespace:", args->ns));
    return ShowList(session, ListAllPages(session.client, "ListGrants", request, args->pages),
                    FieldColumns({"producer", "namespace", "version", "create_time"}));
  });
}

}  // namespace

void AddGrantCommands(CLI::App& app, CommandRunner& runner) {
  CLI::App* grant =
      app.add_subcommand("grant", "Which namespaces producers may publish to through the gateway");
  grant->require_subcommand(1);
  AddGrantAdd(grant, runner);
  AddGrantRemove(grant, runner);
  AddGrantList(grant, runner);
}

}  // namespace causeway::cli
