#include "cli/role_commands.h"

#include <cstdint>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "causeway/topology/v1/topology.pb.h"
#include "cli/entity_key.h"
#include "cli/list_pages.h"
#include "cli/output.h"
#include "cli/results.h"
#include "cli/role_text.h"
#include "cli/table.h"

namespace causeway::cli {
namespace {

namespace v1 = ::causeway::topology::v1;

// A binding is named by its principal, its role and, for a namespaced role, the namespace.
struct BindingKey {
  std::string principal;
  std::string role_text;
  std::string ns;

  v1::Role role() const { return *ParseRole(role_text); }
  std::string Text() const {
    v1::RoleBinding binding;
    binding.set_role(role());
    binding.set_namespace_(ns);
    return RoleBindingText(binding);
  }
};

CLI::Validator RoleCheck() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        if (ParseRole(text).has_value()) return "";
        return absl::StrCat("ROLE must be one of ", RoleNames(), " (lower case), got \"", text,
                            "\"");
      },
      "ROLE");
}

std::shared_ptr<BindingKey> AddBindingKey(CLI::App* command) {
  auto key = std::make_shared<BindingKey>();
  AddKeyArgument(command, KeyShape::kName, &key->principal, "The principal")
      ->type_name("PRINCIPAL");
  command->add_option("role", key->role_text, absl::StrCat("The role: ", RoleNames()))
      ->required()
      ->check(RoleCheck())
      ->type_name("ROLE");
  command->add_option("namespace", key->ns,
                      "The namespace the role applies to (owner, publisher, consumer; viewer "
                      "optionally); leave it out for a global role (admin, viewer, gateway, "
                      "relay, archiver)")
      ->type_name("NAMESPACE");
  return key;
}

void AddRoleGrant(CLI::App* role, CommandRunner& runner) {
  CLI::App* command = role->add_subcommand(
      "grant", "Give a principal a role, globally or in a namespace (ALREADY_EXISTS if it holds it)");
  auto key = AddBindingKey(command);
  runner.Bind(command, [key](Session& session) {
    v1::CreateRoleBindingRequest request;
    request.mutable_role_binding()->set_principal(key->principal);
    request.mutable_role_binding()->set_role(key->role());
    request.mutable_role_binding()->set_namespace_(key->ns);
    return ShowEntity(session, session.client.Call("CreateRoleBinding", request));
  });
}

void AddRoleRevoke(CLI::App* role, CommandRunner& runner) {
  CLI::App* command = role->add_subcommand(
      "revoke", "Take a role from a principal: servers refuse its next call that needed it");
  auto key = AddBindingKey(command);
  auto version = std::make_shared<int64_t>(0);
  AddVersionOption(command, version.get(),
                   "Revoke only if the binding's current version is this one (default: any)");
  runner.Bind(command, [key, version](Session& session) {
    v1::DeleteRoleBindingRequest request;
    request.set_principal(key->principal);
    request.set_role(key->role());
    request.set_namespace_(key->ns);
    request.set_version(*version);
    return ShowDone(session, session.client.Call("DeleteRoleBinding", request),
                    absl::StrCat("revoked role ", key->Text(), " from principal ", key->principal));
  });
}

const v1::RoleBinding& AsBinding(const google::protobuf::Message& item) {
  return static_cast<const v1::RoleBinding&>(item);
}

// PRINCIPAL ROLE NAMESPACE VERSION CREATE_TIME: roles as they are typed (`owner`), a global
// role's namespace as `(global)`.
std::vector<Column> BindingColumns() {
  return {FieldColumn("principal"),
          Column{"ROLE", [](const auto& item) { return RoleName(AsBinding(item).role()); }},
          Column{"NAMESPACE",
                 [](const auto& item) {
                   const std::string& ns = AsBinding(item).namespace_();
                   return ns.empty() ? std::string("(global)") : ns;
                 }},
          FieldColumn("version"), FieldColumn("create_time")};
}

void AddRoleList(CLI::App* role, CommandRunner& runner) {
  CLI::App* command =
      role->add_subcommand("list", "List role bindings, every page unless --limit");
  struct Args {
    std::string principal;
    std::string ns;
    PageOptions pages;
  };
  auto args = std::make_shared<Args>();
  auto* by_principal =
      command->add_option("--principal", args->principal, "Only the roles of this principal");
  auto* by_namespace =
      command->add_option("--namespace", args->ns, "Only the roles in this namespace");
  by_principal->excludes(by_namespace);
  AddPageOptions(command, &args->pages);
  runner.Bind(command, [args](Session& session) {
    v1::ListRequest request;
    if (!args->principal.empty()) request.set_parent(args->principal);
    if (!args->ns.empty()) request.set_parent(absl::StrCat("namespace:", args->ns));
    return ShowList(session,
                    ListAllPages(session.client, "ListRoleBindings", request, args->pages),
                    BindingColumns());
  });
}

void PrintWhoAmI(const v1::WhoAmIResponse& whoami, Output& out) {
  if (out.json()) {
    out.Entity(whoami);
    return;
  }
  Table table({"FIELD", "VALUE"});
  table.AddRow({"principal", whoami.principal()});
  table.AddRow({"method", whoami.method()});
  if (whoami.role_bindings_size() == 0) table.AddRow({"roles", "(none)"});
  for (int i = 0; i < whoami.role_bindings_size(); ++i) {
    table.AddRow({i == 0 ? "roles" : "", RoleBindingText(whoami.role_bindings(i))});
  }
  out.Print(table);
}

}  // namespace

void AddRoleCommands(CLI::App& app, CommandRunner& runner) {
  CLI::App* role = app.add_subcommand(
      "role", absl::StrCat("Which roles principals hold, globally or in a namespace (roles: ",
                           RoleNames(), ")"));
  role->require_subcommand(1);
  AddRoleGrant(role, runner);
  AddRoleRevoke(role, runner);
  AddRoleList(role, runner);
}

void AddWhoAmICommand(CLI::App& app, CommandRunner& runner) {
  CLI::App* command = app.add_subcommand(
      "whoami",
      "Who the credentials of this CLI name on causeway-topology: the principal, how it was "
      "authenticated (token, certificate) and its role bindings");
  runner.Bind(command, [](Session& session) -> absl::Status {
    auto whoami = session.client.CallTyped<v1::WhoAmIResponse>("WhoAmI", v1::WhoAmIRequest());
    if (!whoami.ok()) return whoami.status();
    PrintWhoAmI(*whoami, session.out);
    return absl::OkStatus();
  });
}

}  // namespace causeway::cli
