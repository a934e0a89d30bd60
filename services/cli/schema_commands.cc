#include "cli/schema_commands.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "causeway/topology/v1/schema_registry.pb.h"
#include "cli/entity_key.h"
#include "cli/output.h"
#include "cli/results.h"
#include "cli/text_file.h"
#include "common/avro/canonical_form.h"
#include "common/avro/compatibility_policy.h"
#include "common/avro/fingerprint.h"
#include "common/avro/schema_parser.h"

namespace causeway::cli {
namespace {

namespace v1 = ::causeway::topology::v1;

// A schema file, parsed; the exit code for an invalid schema is 2 (reported as a usage error).
absl::StatusOr<avro::Schema> ParseFile(const std::string& path) {
  auto text = ReadTextFile(path);
  if (!text.ok()) return text.status();
  auto schema = avro::ParseSchema(*text);
  if (!schema.ok()) return UsageError(absl::StrCat(path, ": ", schema.status().message()));
  return schema;
}

// Offline results are plain text whatever --json says: a fingerprint is a fingerprint.
void Print(absl::string_view text) { std::cout << text << "\n"; }

std::vector<Column> SchemaColumns() {
  return FieldColumns({"id", "global_id", "version", "status", "status_by", "create_time"});
}

// `schema check --subscriptions`: the registry's check of `file` against ns/type's schemas and
// its live readers; FAILED_PRECONDITION (exit 1) when anything is incompatible.
absl::Status CheckOnline(Session& session, const std::string& file, const std::string& key,
                         const std::string& mode) {
  auto text = ReadTextFile(file);
  if (!text.ok()) return text.status();
  if (auto parsed = avro::ParseSchema(*text); !parsed.ok()) {
    return UsageError(absl::StrCat(file, ": ", parsed.status().message()));
  }
  const EntityKey k = ParseKey(KeyShape::kNamespacedName, key);
  v1::CheckCompatibilityRequest req;
  req.set_namespace_(k.ns);
  req.set_event_type(k.name);
  req.set_definition(*text);
  req.set_check_subscriptions(true);
  if (!mode.empty()) {
    v1::CompatibilityMode m;
    if (!v1::CompatibilityMode_Parse(absl::StrCat("COMPATIBILITY_MODE_", mode), &m)) {
      return UsageError(absl::StrCat("--mode: unknown mode \"", mode, "\""));
    }
    req.set_mode(m);
  }
  auto resp = session.client.CallTyped<v1::CheckCompatibilityResponse>("CheckCompatibility", req);
  if (!resp.ok()) return resp.status();
  const std::string mode_name(
      absl::StripPrefix(v1::CompatibilityMode_Name(resp->mode()), "COMPATIBILITY_MODE_"));
  if (session.out.json()) {
    session.out.Entity(*resp);
  } else {
    for (const v1::Incompatibility& inc : resp->incompatibilities()) {
      Print(absl::StrCat(inc.path(), ": ", inc.message(), " [", inc.kind(), ", against ",
                         inc.against_id(), "]"));
    }
    for (const v1::BrokenSubscription& b : resp->broken_subscriptions()) {
      Print(absl::StrCat("breaks subscription ", b.subscription(), " (owner ", b.owner(),
                         ", reader ", b.reader_fingerprint(), "):"));
      for (const v1::Incompatibility& inc : b.incompatibilities()) {
        Print(absl::StrCat("  ", inc.path(), ": ", inc.message(), " [", inc.kind(), "]"));
      }
    }
    Print(absl::StrCat("checked ", resp->checked_subscriptions_size(), " subscription",
                       resp->checked_subscriptions_size() == 1 ? "" : "s", " with a reader schema",
                       resp->checked_subscriptions_size() == 0 ? "" : ": ",
                       absl::StrJoin(resp->checked_subscriptions(), ", ")));
  }
  if (resp->compatible()) {
    if (!session.out.json()) {
      Print(absl::StrCat(file, " is ", mode_name, " compatible with ", key,
                         " and readable by its subscriptions"));
    }
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      file, ": ", resp->incompatibilities_size(), " incompatibilities with ", key, "'s schemas, ",
      resp->broken_subscriptions_size(), " subscription",
      resp->broken_subscriptions_size() == 1 ? "" : "s", " broken"));
}

void AddOnline(CLI::App* schema, CommandRunner& runner) {
  {
    CLI::App* cmd = schema->add_subcommand("register", "Register a schema for an event type "
                                                       "(PENDING); prints its id");
    auto key = std::make_shared<std::string>();
    auto file = std::make_shared<std::string>();
    AddKeyArgument(cmd, KeyShape::kNamespacedName, key.get(),
                   "<namespace>/<event type>, e.g. mfp/FoodEntryCreated");
    cmd->add_option("--file", *file, "The Avro schema (.avsc)")->required();
    runner.Bind(cmd, [key, file](Session& session) -> absl::Status {
      auto text = ReadTextFile(*file);
      if (!text.ok()) return text.status();
      const EntityKey k = ParseKey(KeyShape::kNamespacedName, *key);
      v1::RegisterSchemaRequest req;
      req.set_namespace_(k.ns);
      req.set_event_type(k.name);
      req.set_definition(*text);
      return ShowEntity(session, session.client.Call("RegisterSchema", req));
    });
  }
  for (const char* verb : {"activate", "deprecate"}) {
    const bool activate = std::string(verb) == "activate";
    CLI::App* cmd = schema->add_subcommand(
        verb, activate ? "PENDING -> AVAILABLE, after the compatibility check"
                       : "AVAILABLE -> DEPRECATED (still decodable, refused for new publishes)");
    auto id = std::make_shared<std::string>();
    auto key = std::make_shared<std::string>();
    auto force = std::make_shared<bool>(false);
    cmd->add_option("ID", *id, "The schema id (32 hex characters)")->required();
    cmd->add_option("--event-type", *key,
                    "<namespace>/<event type>, when the schema is attached to several");
    if (activate) {
      cmd->add_flag("--force", *force,
                    "Activate although active subscriptions' reader schemas cannot read it "
                    "(they will dead-letter its events as undecodable); the history records the "
                    "subscriptions broken. Owner of the namespace; the writer check still applies");
    }
    runner.Bind(cmd, [id, key, activate, force](Session& session) {
      v1::SchemaTransitionRequest req;
      req.set_id(*id);
      req.set_force(*force);
      if (!key->empty()) {
        const EntityKey k = ParseKey(KeyShape::kNamespacedName, *key);
        req.set_namespace_(k.ns);
        req.set_event_type(k.name);
      }
      return ShowEntity(session,
                        session.client.Call(activate ? "ActivateSchema" : "DeprecateSchema", req));
    });
  }
  {
    CLI::App* cmd = schema->add_subcommand("list", "The schemas of an event type with their status");
    auto key = std::make_shared<std::string>();
    AddKeyArgument(cmd, KeyShape::kNamespacedName, key.get(), "<namespace>/<event type>");
    runner.Bind(cmd, [key](Session& session) -> absl::Status {
      const EntityKey k = ParseKey(KeyShape::kNamespacedName, *key);
      v1::ListSchemasRequest req;
      req.set_namespace_(k.ns);
      req.set_event_type(k.name);
      auto resp = session.client.CallTyped<v1::ListSchemasResponse>("ListSchemas", req);
      if (!resp.ok()) return resp.status();
      session.out.List(SchemaColumns(), MessagePointers(resp->schemas()));
      return absl::OkStatus();
    });
  }
  {
    CLI::App* cmd = schema->add_subcommand("show", "A schema by id (or global id)");
    auto id = std::make_shared<std::string>();
    cmd->add_option("ID", *id, "The schema id, or its global integer id")->required();
    runner.Bind(cmd, [id](Session& session) {
      v1::GetSchemaRequest req;
      int32_t global = 0;
      if (absl::SimpleAtoi(*id, &global)) {
        req.set_global_id(global);
      } else {
        req.set_id(*id);
      }
      return ShowEntity(session, session.client.Call("GetSchema", req));
    });
  }
}

void AddOffline(CLI::App* schema, CommandRunner& runner) {
  {
    CLI::App* cmd = schema->add_subcommand(
        "check", "Is FILE compatible with earlier schemas (offline, --against files) or with an "
                 "event type's schemas and the reader schemas of its active subscriptions "
                 "(online, --subscriptions NS/TYPE)? Exit 0 yes, 1 no (every reason printed), 2 "
                 "a schema that does not parse");
    struct Args {
      std::string file;
      std::vector<std::string> against;
      std::string subscriptions;
      std::string mode = "BACKWARD";
    };
    auto args = std::make_shared<Args>();
    cmd->add_option("--file", args->file, "The new schema")->required();
    CLI::Option* against =
        cmd->add_option("--against", args->against,
                        "Earlier schemas, newest first (repeat; transitive modes use them all)");
    CLI::Option* online = cmd->add_option(
        "--subscriptions", args->subscriptions,
        "<namespace>/<event type>: ask the registry (CheckCompatibility check_subscriptions) "
        "as ActivateSchema would, against the type's available schemas by its mode and every "
        "ACTIVE subscription's reader schema; lists each subscription it would break, with its "
        "owner and each incompatibility's path");
    against->excludes(online);
    CLI::Option* mode = cmd->add_option(
        "--mode", args->mode,
        "BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE or "
        "NONE (offline default BACKWARD; online default the event type's)");
    runner.Bind(cmd, [args, against, online, mode](Session& session) -> absl::Status {
      if (online->count() > 0) return CheckOnline(session, args->file, args->subscriptions,
                                                  mode->count() > 0 ? args->mode : "");
      if (against->count() == 0) {
        return UsageError("give --against FILE (offline) or --subscriptions NS/TYPE (online)");
      }
      auto mode = avro::ParseCompatibilityMode(args->mode);
      if (!mode.ok()) return UsageError(mode.status().message());
      auto candidate = ParseFile(args->file);
      if (!candidate.ok()) return candidate.status();
      std::vector<avro::Schema> existing;
      for (const auto& path : args->against) {
        auto s = ParseFile(path);
        if (!s.ok()) return s.status();
        existing.push_back(*std::move(s));
      }
      std::vector<const avro::Schema*> pointers;
      for (const auto& s : existing) pointers.push_back(&s);
      const auto found = avro::CheckCompatibility(*candidate, pointers, *mode, args->against);
      if (found.empty()) {
        Print(absl::StrCat(args->file, " is ", args->mode, " compatible"));
        return absl::OkStatus();
      }
      for (const auto& f : found) Print(f.ToString());
      return absl::FailedPreconditionError(
          absl::StrCat(args->file, ": ", found.size(), " incompatibilities"));
    });
  }
  {
    CLI::App* cmd = schema->add_subcommand("fingerprint", "Offline: the schema id of FILE (MD5 "
                                                          "of its Parsing Canonical Form)");
    auto file = std::make_shared<std::string>();
    cmd->add_option("FILE", *file, "An Avro schema")->required();
    runner.Bind(cmd, [file](Session&) -> absl::Status {
      auto s = ParseFile(*file);
      if (!s.ok()) return s.status();
      Print(avro::SchemaId(*s));
      return absl::OkStatus();
    });
  }
  {
    CLI::App* cmd = schema->add_subcommand("canonical", "Offline: the Parsing Canonical Form of FILE");
    auto file = std::make_shared<std::string>();
    cmd->add_option("FILE", *file, "An Avro schema")->required();
    runner.Bind(cmd, [file](Session&) -> absl::Status {
      auto s = ParseFile(*file);
      if (!s.ok()) return s.status();
      Print(avro::CanonicalForm(*s));
      return absl::OkStatus();
    });
  }
}

}  // namespace

void AddSchemaCommands(CLI::App& app, CommandRunner& runner) {
  CLI::App* schema = app.add_subcommand("schema", "Avro schemas of event types and their lifecycle");
  schema->require_subcommand(1);
  AddOnline(schema, runner);
  AddOffline(schema, runner);
}

}  // namespace causeway::cli
