#include "cli/entity_commands.h"

#include <cstdint>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "cli/field_flags.h"
#include "cli/list_pages.h"
#include "cli/output.h"
#include "cli/reflection.h"
#include "cli/results.h"

namespace causeway::cli {
namespace {

using google::protobuf::Message;

std::string Rpc(absl::string_view verb, const EntitySpec& spec) {
  return absl::StrCat(verb, spec.type->name());
}

std::string KeyHelp(const EntitySpec& spec) {
  return spec.key == KeyShape::kName ? absl::StrCat("Name of the ", spec.label)
                                     : absl::StrCat("The ", spec.label, " as <namespace>/<name>");
}

// The entity a command acts on, and for update and delete the version it must be at.
struct Target {
  std::string key;
  int64_t version = 0;
  CLI::Option* version_flag = nullptr;
};

// Adds the key argument, and --version when `version_help` is given.
std::shared_ptr<Target> AddTarget(CLI::App* command, const EntitySpec& spec,
                                  const std::string& version_help = "") {
  auto target = std::make_shared<Target>();
  AddKeyArgument(command, spec.key, &target->key, KeyHelp(spec));
  if (!version_help.empty()) {
    target->version_flag = AddVersionOption(command, &target->version, version_help);
  }
  return target;
}

absl::StatusOr<std::unique_ptr<Message>> GetEntity(Session& session, const EntitySpec& spec,
                                                   const EntityKey& key) {
  const std::string rpc = Rpc("Get", spec);
  auto request = session.client.NewRequest(rpc);
  SetKeyFields(key, request.get());
  return session.client.Call(rpc, *request);
}

// Create<Kind> and Update<Kind> take the whole entity and answer with its new state.
absl::Status SendEntity(Session& session, absl::string_view verb, const EntitySpec& spec,
                        const Message& entity) {
  const std::string rpc = Rpc(verb, spec);
  auto request = session.client.NewRequest(rpc);
  const auto& field = FieldOfType(*request->GetDescriptor(), *spec.type);
  request->GetReflection()->MutableMessage(request.get(), &field)->CopyFrom(entity);
  return ShowEntity(session, session.client.Call(rpc, *request));
}

void AddCreate(CLI::App* noun, CommandRunner& runner, const EntitySpec& spec) {
  CLI::App* command = noun->add_subcommand("create", absl::StrCat("Create a ", spec.label));
  auto target = AddTarget(command, spec);
  auto fields = std::make_shared<FieldFlagValues>(command, *spec.type, spec.flags, Verb::kCreate);
  runner.Bind(command, [&spec, target, fields](Session& session) {
    auto entity = NewMessage(*spec.type);
    SetKeyFields(ParseKey(spec.key, target->key), entity.get());
    fields->ApplyTo(entity.get());
    return SendEntity(session, "Create", spec, *entity);
  });
}

void AddGet(CLI::App* noun, CommandRunner& runner, const EntitySpec& spec) {
  CLI::App* command = noun->add_subcommand("get", absl::StrCat("Show one ", spec.label));
  auto target = AddTarget(command, spec);
  runner.Bind(command, [&spec, target](Session& session) {
    return ShowEntity(session, GetEntity(session, spec, ParseKey(spec.key, target->key)));
  });
}

void AddList(CLI::App* noun, CommandRunner& runner, const EntitySpec& spec) {
  CLI::App* command = noun->add_subcommand(
      "list", absl::StrCat("List the ", spec.label, "s, every page unless --limit"));
  struct Args {
    PageOptions pages;
    std::string parent;
  };
  auto args = std::make_shared<Args>();
  AddPageOptions(command, &args->pages);
  if (spec.list_filter) {
    command->add_option(spec.list_filter->flag, args->parent, spec.list_filter->help);
  }
  runner.Bind(command, [&spec, args](Session& session) {
    const std::string rpc = absl::StrCat("List", spec.plural);
    auto request = session.client.NewRequest(rpc);
    SetStringField(request.get(), "parent", args->parent);
    return ShowList(session, ListAllPages(session.client, rpc, *request, args->pages),
                    spec.list_columns);
  });
}

void AddUpdate(CLI::App* noun, CommandRunner& runner, const EntitySpec& spec) {
  CLI::App* command = noun->add_subcommand(
      "update", absl::StrCat("Change fields of a ", spec.label,
                             "; fields not given keep their current values"));
  auto fields = std::make_shared<FieldFlagValues>(command, *spec.type, spec.flags, Verb::kUpdate);
  auto target = AddTarget(
      command, spec,
      "Update only if the current version is this one (default: the version just read, so a "
      "concurrent change still fails with ABORTED)");
  runner.Bind(command, [&spec, target, fields](Session& session) -> absl::Status {
    if (!fields->AnyGiven()) {
      return UsageError(absl::StrCat("nothing to update: give one of ", fields->FlagNames()));
    }
    auto entity = GetEntity(session, spec, ParseKey(spec.key, target->key));
    if (!entity.ok()) return entity.status();
    fields->ApplyTo(entity->get());
    if (target->version_flag->count() > 0) {
      SetIntField(entity->get(), "version", target->version);
    }
    return SendEntity(session, "Update", spec, **entity);
  });
}

void AddDelete(CLI::App* noun, CommandRunner& runner, const EntitySpec& spec) {
  CLI::App* command = noun->add_subcommand("delete", absl::StrCat("Delete a ", spec.label));
  auto target = AddTarget(command, spec,
                          "Delete only if the current version is this one (default: any version)");
  runner.Bind(command, [&spec, target](Session& session) {
    const std::string rpc = Rpc("Delete", spec);
    const EntityKey key = ParseKey(spec.key, target->key);
    auto request = session.client.NewRequest(rpc);
    SetKeyFields(key, request.get());
    SetIntField(request.get(), "version", target->version);
    return ShowDone(session, session.client.Call(rpc, *request),
                    absl::StrCat("deleted ", spec.label, " ", key.Text()));
  });
}

}  // namespace

CLI::App* AddEntityCommands(CLI::App& app, CommandRunner& runner, const EntitySpec& spec) {
  CLI::App* noun = app.add_subcommand(spec.noun, absl::StrCat("Manage ", spec.label, "s"));
  noun->require_subcommand(1);
  AddCreate(noun, runner, spec);
  AddList(noun, runner, spec);
  AddGet(noun, runner, spec);
  AddUpdate(noun, runner, spec);
  AddDelete(noun, runner, spec);
  return noun;
}

}  // namespace causeway::cli
