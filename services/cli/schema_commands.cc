#include "cli/schema_commands.h"

#include <fstream>
#include <iostream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "causeway/topology/v1/schema_registry.pb.h"
#include "cli/entity_key.h"
#include "cli/output.h"
#include "cli/results.h"
#include "common/avro/canonical_form.h"
#include "common/avro/compatibility_policy.h"
#include "common/avro/fingerprint.h"
#include "common/avro/schema_parser.h"

namespace causeway::cli {
namespace {

namespace v1 = ::causeway::topology::v1;

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path));
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A schema file, parsed; the exit code for an invalid schema is 2 (reported as a usage error).
absl::StatusOr<avro::Schema> ParseFile(const std::string& path) {
  auto text = ReadFile(path);
  if (!text.ok()) return UsageError(text.status().message());
  auto schema = avro::ParseSchema(*text);
  if (!schema.ok()) return UsageError(absl::StrCat(path, ": ", schema.status().message()));
  return schema;
}

// Offline results are plain text whatever --json says: a fingerprint is a fingerprint.
void Print(absl::string_view text) { std::cout << text << "\n"; }

std::vector<Column> SchemaColumns() {
  return FieldColumns({"id", "global_id", "version", "status", "status_by", "create_time"});
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
      auto text = ReadFile(*file);
      if (!text.ok()) return UsageError(text.status().message());
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
    cmd->add_option("ID", *id, "The schema id (32 hex characters)")->required();
    cmd->add_option("--event-type", *key,
                    "<namespace>/<event type>, when the schema is attached to several");
    runner.Bind(cmd, [id, key, activate](Session& session) {
      v1::SchemaTransitionRequest req;
      req.set_id(*id);
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
        "check", "Offline: is FILE compatible with earlier schemas? Exit 0 yes, 1 no (every "
                 "reason printed), 2 a schema that does not parse");
    struct Args {
      std::string file;
      std::vector<std::string> against;
      std::string mode = "BACKWARD";
    };
    auto args = std::make_shared<Args>();
    cmd->add_option("--file", args->file, "The new schema")->required();
    cmd->add_option("--against", args->against,
                    "Earlier schemas, newest first (repeat; transitive modes use them all)")
        ->required();
    cmd->add_option("--mode", args->mode,
                    "BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, "
                    "FULL_TRANSITIVE or NONE");
    runner.Bind(cmd, [args](Session&) -> absl::Status {
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
