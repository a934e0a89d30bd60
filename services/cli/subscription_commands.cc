#include "cli/subscription_commands.h"

#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "causeway/topology/v1/topology.pb.h"
#include "cli/entity_key.h"
#include "cli/errors.h"
#include "cli/list_pages.h"
#include "cli/output.h"
#include "cli/results.h"
#include "cli/text_file.h"
#include "google/protobuf/util/time_util.h"

namespace causeway::cli {
namespace {

namespace v1 = ::causeway::topology::v1;

constexpr absl::string_view kNameHelp = "Name of the subscription";

// The flags that set a subscription's fields. Each is applied only when given, so that update
// keeps what is not named.
struct SubscriptionFlags {
  std::vector<std::string> event_types;
  std::string endpoint;
  std::string zone;
  std::string owner;
  std::string description;
  std::string ordering;
  std::string start;
  std::string content;
  std::string reader_schema;     // a file
  std::string reader_schema_id;  // a registered schema
  bool pull = false;
  bool clear_reader_schemas = false;  // update only
  bool allow_private_endpoint = false;
  int64_t max_in_flight = 0;
  int64_t initial_backoff_ms = 0;
  double backoff_multiplier = 0;
  int64_t max_backoff_ms = 0;
  int64_t max_retry_duration_ms = 0;
  int64_t attempt_timeout_ms = 0;
  int64_t max_retry_after_ms = 0;
  bool retry_client_errors = false;
  int64_t batch_max_events = 0;
  int64_t batch_max_wait_ms = 0;
  int64_t batch_max_bytes = 0;
  std::vector<CLI::Option*> options;  // every flag bound, to tell which were given
};

void AddFieldFlags(CLI::App* command, SubscriptionFlags* f, bool create) {
  auto add = [&](CLI::Option* option) { f->options.push_back(option); };
  if (create) {
    add(command
            ->add_option("--event-type", f->event_types,
                         "An event type to deliver, as <namespace>/<name>; repeat for several "
                         "(1..64; fixed after creation)")
            ->required()
            ->type_name("NAMESPACE/NAME")
            ->check(KeyShapeCheck(KeyShape::kNamespacedName)));
    add(command->add_option("--zone", f->zone,
                            "The zone to read from (default: the one zone every event type is "
                            "placed in; fixed after creation)"));
    add(command->add_option("--owner", f->owner,
                            "The owning principal (default: you; another one: admin only)"));
    add(command->add_flag("--pull", f->pull,
                          "A pull subscription: consumers read it over Relay.Consume streams "
                          "(causeway consume) and it has no --endpoint (fixed after creation)"));
    add(command->add_option("--start", f->start,
                            "Where the consumer group starts: latest (default), earliest or an "
                            "RFC 3339 time such as 2026-12-01T00:00:00Z (fixed after creation)"));
  }
  CLI::Option* endpoint = command->add_option(
      "--endpoint", f->endpoint,
      "The http:// or https:// URL events are POSTed to (a push subscription; on create, this "
      "or --pull)");
  if (create) endpoint->excludes("--pull");
  add(endpoint);
  add(command->add_option("--content", f->content,
                          "What a delivery carries: json (default: natural JSON) or avro (Avro "
                          "binary, in the reader schema when one is declared)")
          ->check(CLI::IsMember({"json", "avro"}, CLI::ignore_case)));
  CLI::Option* reader = command->add_option(
      "--reader-schema", f->reader_schema,
      "An Avro schema file (.avsc, up to 64 KiB) the consumer reads its one event type with: "
      "events are delivered resolved to it, and activating a schema it cannot read is refused. "
      "It must read every AVAILABLE and DEPRECATED schema of the type");
  CLI::Option* reader_id = command->add_option(
      "--reader-schema-id", f->reader_schema_id,
      "As --reader-schema, a schema registered for the event type (any status), by its id");
  reader->excludes(reader_id);
  add(reader);
  add(reader_id);
  if (!create) {
    CLI::Option* clear = command->add_flag(
        "--clear-reader-schemas", f->clear_reader_schemas,
        "Remove the reader schema: events are delivered in their writer schema's shape again, "
        "and activations no longer check this subscription");
    clear->excludes(reader)->excludes(reader_id);
    add(clear);
  }
  add(command->add_option("--description", f->description, "What the subscription is for"));
  add(command->add_option("--ordering", f->ordering,
                          "key (default: one event in flight per key), partition, or none")
          ->check(CLI::IsMember({"key", "partition", "none"}, CLI::ignore_case)));
  add(command->add_option("--allow-private-endpoint", f->allow_private_endpoint,
                          "Let the endpoint be a private, loopback or link-local address (admin "
                          "only; --allow-private-endpoint=false to withdraw)")
          ->expected(0, 1)
          ->default_str("true"));
  add(command->add_option("--max-in-flight", f->max_in_flight,
                          "Events in flight at once per relay replica, 1..1000 (default 100)"));
  add(command->add_option("--initial-backoff-ms", f->initial_backoff_ms,
                          "First retry's backoff, 10..600000 (default 1000)"));
  add(command->add_option("--backoff-multiplier", f->backoff_multiplier,
                          "Backoff growth per attempt, 1..10 (default 2)"));
  add(command->add_option("--max-backoff-ms", f->max_backoff_ms,
                          "Longest backoff, initial..3600000 (default 600000)"));
  add(command->add_option("--max-retry-duration-ms", f->max_retry_duration_ms,
                          "How long an event is retried before it is dead-lettered, "
                          "1000..86400000 (default 3600000)"));
  add(command->add_option("--attempt-timeout-ms", f->attempt_timeout_ms,
                          "Per-attempt timeout, 100..120000 (default 10000)"));
  add(command->add_option("--max-retry-after-ms", f->max_retry_after_ms,
                          "Cap on a 429/503 Retry-After (default 600000)"));
  add(command->add_option("--retry-client-errors", f->retry_client_errors,
                          "Retry 4xx answers (other than 410) instead of dead-lettering them")
          ->expected(0, 1)
          ->default_str("true"));
  add(command->add_option("--batch-max-events", f->batch_max_events,
                          "Events per POST (a JSON array), 0..500; 0 or 1: one event per request"));
  add(command->add_option("--batch-max-wait-ms", f->batch_max_wait_ms,
                          "How long a batch waits to fill, up to 10000 (default 100)"));
  add(command->add_option("--batch-max-bytes", f->batch_max_bytes,
                          "Bytes per batch, up to 8388608 (default 1048576)"));
}

bool Given(CLI::App* command, const char* flag) {
  const CLI::Option* option = command->get_option_no_throw(flag);
  return option != nullptr && option->count() > 0;
}

// Writes the given flags into `s`; a malformed --start is a usage error.
absl::Status ApplyFlags(CLI::App* command, const SubscriptionFlags& f, v1::Subscription* s) {
  for (const std::string& text : f.event_types) {
    const EntityKey key = ParseKey(KeyShape::kNamespacedName, text);
    v1::EventTypeRef* ref = s->add_event_types();
    ref->set_namespace_(key.ns);
    ref->set_name(key.name);
  }
  if (Given(command, "--zone")) s->set_zone(f.zone);
  if (Given(command, "--owner")) s->set_owner(f.owner);
  if (Given(command, "--endpoint")) s->set_endpoint(f.endpoint);
  if (Given(command, "--pull")) s->set_mode(v1::SUBSCRIPTION_MODE_PULL);
  // Without a reader flag an update sends none, which keeps the current one unchecked.
  s->clear_reader_schemas();
  if (Given(command, "--reader-schema")) {
    auto text = ReadTextFile(f.reader_schema);
    if (!text.ok()) return text.status();
    s->add_reader_schemas()->set_definition(*text);
  }
  if (Given(command, "--reader-schema-id")) {
    s->add_reader_schemas()->set_schema_id(f.reader_schema_id);
  }
  if (Given(command, "--content")) {
    s->set_content(absl::AsciiStrToLower(f.content) == "avro" ? v1::SUBSCRIPTION_CONTENT_AVRO
                                                              : v1::SUBSCRIPTION_CONTENT_JSON);
  }
  if (Given(command, "--description")) s->set_description(f.description);
  if (Given(command, "--ordering")) {
    const std::string o = absl::AsciiStrToLower(f.ordering);
    s->set_ordering(o == "key"         ? v1::SUBSCRIPTION_ORDERING_KEY
                    : o == "partition" ? v1::SUBSCRIPTION_ORDERING_PARTITION
                                       : v1::SUBSCRIPTION_ORDERING_NONE);
  }
  if (Given(command, "--start")) {
    const std::string start = absl::AsciiStrToLower(f.start);
    if (start == "latest") {
      s->set_start(v1::START_POSITION_LATEST);
    } else if (start == "earliest") {
      s->set_start(v1::START_POSITION_EARLIEST);
    } else if (google::protobuf::Timestamp t;
               google::protobuf::util::TimeUtil::FromString(f.start, &t)) {
      s->set_start(v1::START_POSITION_TIMESTAMP);
      *s->mutable_start_time() = t;
    } else {
      return UsageError(absl::StrCat("--start: expected latest, earliest or an RFC 3339 time "
                                     "(2026-12-01T00:00:00Z), got \"", f.start, "\""));
    }
  }
  if (Given(command, "--allow-private-endpoint")) {
    s->set_allow_private_endpoint(f.allow_private_endpoint);
  }
  v1::DeliveryPolicy* d = s->mutable_delivery();
  if (Given(command, "--max-in-flight")) d->set_max_in_flight(static_cast<int32_t>(f.max_in_flight));
  if (Given(command, "--initial-backoff-ms")) d->set_initial_backoff_ms(f.initial_backoff_ms);
  if (Given(command, "--backoff-multiplier")) d->set_backoff_multiplier(f.backoff_multiplier);
  if (Given(command, "--max-backoff-ms")) d->set_max_backoff_ms(f.max_backoff_ms);
  if (Given(command, "--max-retry-duration-ms")) {
    d->set_max_retry_duration_ms(f.max_retry_duration_ms);
  }
  if (Given(command, "--attempt-timeout-ms")) d->set_attempt_timeout_ms(f.attempt_timeout_ms);
  if (Given(command, "--max-retry-after-ms")) d->set_max_retry_after_ms(f.max_retry_after_ms);
  if (Given(command, "--retry-client-errors")) d->set_retry_client_errors(f.retry_client_errors);
  if (Given(command, "--batch-max-events")) {
    d->mutable_batch()->set_max_events(static_cast<int32_t>(f.batch_max_events));
  }
  if (Given(command, "--batch-max-wait-ms")) d->mutable_batch()->set_max_wait_ms(f.batch_max_wait_ms);
  if (Given(command, "--batch-max-bytes")) d->mutable_batch()->set_max_bytes(f.batch_max_bytes);
  return absl::OkStatus();
}

// The entity, then the secret: on stdout in table form with a reminder on stderr that it is shown
// once; with --json the whole response (its `signing_secret` field).
void PrintWithSecret(Output& out, const google::protobuf::Message& response,
                     const v1::Subscription& subscription, const std::string& secret) {
  if (out.json()) {
    out.Entity(response);
    return;
  }
  out.Entity(subscription);
  if (secret.empty()) return;  // a PULL subscription: nothing is signed
  out.Line(absl::StrCat("signing secret: ", secret));
  std::cerr << "store the signing secret of subscription " << subscription.name()
            << " now: it cannot be shown again (rotate it with: causeway subscription "
               "rotate-secret "
            << subscription.name() << ")\n";
}

void AddCreate(CLI::App* noun, CommandRunner& runner) {
  CLI::App* command = noun->add_subcommand(
      "create", "Create a subscription: events of its event types are POSTed to the endpoint by "
                "causeway-relay (push), or read over Relay.Consume streams (--pull); prints it "
                "and its signing secret, shown this once");
  auto name = std::make_shared<std::string>();
  AddKeyArgument(command, KeyShape::kName, name.get(), kNameHelp);
  auto flags = std::make_shared<SubscriptionFlags>();
  AddFieldFlags(command, flags.get(), /*create=*/true);
  runner.Bind(command, [command, name, flags](Session& session) -> absl::Status {
    if (!Given(command, "--endpoint") && !flags->pull) {
      return UsageError("give --endpoint URL (push) or --pull (Relay.Consume streams)");
    }
    v1::CreateSubscriptionRequest request;
    request.mutable_subscription()->set_name(*name);
    if (absl::Status s = ApplyFlags(command, *flags, request.mutable_subscription()); !s.ok()) {
      return s;
    }
    auto created =
        session.client.CallTyped<v1::CreateSubscriptionResponse>("CreateSubscription", request);
    if (!created.ok()) return created.status();
    PrintWithSecret(session.out, *created, created->subscription(), created->signing_secret());
    return absl::OkStatus();
  });
}

absl::StatusOr<v1::Subscription> Get(Session& session, const std::string& name) {
  v1::GetSubscriptionRequest request;
  request.set_name(name);
  return session.client.CallTyped<v1::Subscription>("GetSubscription", request);
}

void AddGet(CLI::App* noun, CommandRunner& runner) {
  CLI::App* command = noun->add_subcommand("get", "Show one subscription");
  auto name = std::make_shared<std::string>();
  AddKeyArgument(command, KeyShape::kName, name.get(), kNameHelp);
  runner.Bind(command, [name](Session& session) {
    v1::GetSubscriptionRequest request;
    request.set_name(*name);
    return ShowEntity(session, session.client.Call("GetSubscription", request));
  });
}

const v1::Subscription& AsSubscription(const google::protobuf::Message& m) {
  return static_cast<const v1::Subscription&>(m);
}

void AddList(CLI::App* noun, CommandRunner& runner) {
  CLI::App* command =
      noun->add_subcommand("list", "List subscriptions, every page unless --limit");
  struct Args {
    std::string ns;
    std::string owner;
    PageOptions pages;
  };
  auto args = std::make_shared<Args>();
  auto* by_ns = command->add_option("--namespace", args->ns,
                                    "Only the subscriptions reading an event type of this "
                                    "namespace");
  auto* by_owner = command->add_option("--owner", args->owner,
                                       "Only the subscriptions this principal owns");
  by_ns->excludes(by_owner);
  AddPageOptions(command, &args->pages);
  runner.Bind(command, [args](Session& session) {
    v1::ListRequest request;
    if (!args->ns.empty()) request.set_parent(absl::StrCat("namespace:", args->ns));
    if (!args->owner.empty()) request.set_parent(absl::StrCat("owner:", args->owner));
    return ShowList(
        session, ListAllPages(session.client, "ListSubscriptions", request, args->pages),
        {FieldColumn("name"), FieldColumn("owner"), FieldColumn("zone"), FieldColumn("state"),
         Column{"EVENT_TYPES",
                [](const google::protobuf::Message& item) {
                  std::vector<std::string> names;
                  for (const auto& ref : AsSubscription(item).event_types()) {
                    names.push_back(absl::StrCat(ref.namespace_(), "/", ref.name()));
                  }
                  return absl::StrJoin(names, ",");
                }},
         FieldColumn("mode"), FieldColumn("endpoint"), FieldColumn("version")});
  });
}

void AddUpdate(CLI::App* noun, CommandRunner& runner) {
  CLI::App* command = noun->add_subcommand(
      "update", "Change fields of a subscription; fields not given keep their current values "
                "(event types, zone, owner, start and push/pull mode are fixed)");
  auto name = std::make_shared<std::string>();
  AddKeyArgument(command, KeyShape::kName, name.get(), kNameHelp);
  auto flags = std::make_shared<SubscriptionFlags>();
  AddFieldFlags(command, flags.get(), /*create=*/false);
  auto version = std::make_shared<int64_t>(0);
  CLI::Option* version_flag = AddVersionOption(
      command, version.get(),
      "Update only if the current version is this one (default: the version just read)");
  runner.Bind(command, [command, name, flags, version, version_flag](
                           Session& session) -> absl::Status {
    bool any = false;
    for (const CLI::Option* option : flags->options) any = any || option->count() > 0;
    if (!any) return UsageError("nothing to update: give a field flag (see --help)");
    auto current = Get(session, *name);
    if (!current.ok()) return current.status();
    if (absl::Status s = ApplyFlags(command, *flags, &*current); !s.ok()) return s;
    if (version_flag->count() > 0) current->set_version(*version);
    v1::UpdateSubscriptionRequest request;
    *request.mutable_subscription() = *std::move(current);
    request.set_clear_reader_schemas(flags->clear_reader_schemas);
    return ShowEntity(session, session.client.Call("UpdateSubscription", request));
  });
}

void AddSetState(CLI::App* noun, CommandRunner& runner, const char* verb,
                 v1::SubscriptionState state, const char* help) {
  CLI::App* command = noun->add_subcommand(verb, help);
  struct Args {
    v1::SetSubscriptionStateRequest request;
    int64_t version = 0;
  };
  auto args = std::make_shared<Args>();
  args->request.set_state(state);
  AddKeyArgument(command, KeyShape::kName, args->request.mutable_name(), kNameHelp);
  command->add_option("--reason", *args->request.mutable_reason(),
                      "Why, kept in the subscription's state_reason (up to 1024 bytes)");
  AddVersionOption(command, &args->version,
                   "Act only if the current version is this one (default: any)");
  runner.Bind(command, [args](Session& session) {
    args->request.set_version(args->version);
    return ShowEntity(session, session.client.Call("SetSubscriptionState", args->request));
  });
}

void AddRotateSecret(CLI::App* noun, CommandRunner& runner) {
  CLI::App* command = noun->add_subcommand(
      "rotate-secret",
      "Make a new signing secret and print it, shown this once; the previous one keeps signing "
      "(a second signature) for --overlap-seconds so receivers switch without a gap");
  struct Args {
    v1::RotateSubscriptionSecretRequest request;
    int64_t overlap_seconds = 0;
  };
  auto args = std::make_shared<Args>();
  AddKeyArgument(command, KeyShape::kName, args->request.mutable_name(), kNameHelp);
  command->add_option("--overlap-seconds", args->overlap_seconds,
                      "How long the previous secret keeps signing, 1..604800 (default 86400)");
  runner.Bind(command, [args](Session& session) -> absl::Status {
    args->request.set_overlap_seconds(args->overlap_seconds);
    auto rotated = session.client.CallTyped<v1::RotateSubscriptionSecretResponse>(
        "RotateSubscriptionSecret", args->request);
    if (!rotated.ok()) return rotated.status();
    PrintWithSecret(session.out, *rotated, rotated->subscription(), rotated->signing_secret());
    return absl::OkStatus();
  });
}

void AddDelete(CLI::App* noun, CommandRunner& runner) {
  CLI::App* command = noun->add_subcommand(
      "delete", "Delete a subscription; its dead-letter and redrive topics stay on the clusters");
  struct Args {
    v1::DeleteSubscriptionRequest request;
    int64_t version = 0;
  };
  auto args = std::make_shared<Args>();
  AddKeyArgument(command, KeyShape::kName, args->request.mutable_name(), kNameHelp);
  AddVersionOption(command, &args->version,
                   "Delete only if the current version is this one (default: any version)");
  runner.Bind(command, [args](Session& session) {
    args->request.set_version(args->version);
    return ShowDone(session, session.client.Call("DeleteSubscription", args->request),
                    absl::StrCat("deleted subscription ", args->request.name()));
  });
}

}  // namespace

void AddSubscriptionCommands(CLI::App& app, CommandRunner& runner) {
  CLI::App* noun = app.add_subcommand(
      "subscription", "Manage subscriptions: events delivered by causeway-relay to an HTTP "
                      "endpoint (push) or over Relay.Consume streams (pull)");
  noun->require_subcommand(1);
  AddCreate(noun, runner);
  AddList(noun, runner);
  AddGet(noun, runner);
  AddUpdate(noun, runner);
  AddSetState(noun, runner, "suspend", v1::SUBSCRIPTION_STATE_SUSPENDED,
              "Stop deliveries; the consumer groups keep their offsets");
  AddSetState(noun, runner, "resume", v1::SUBSCRIPTION_STATE_ACTIVE,
              "Deliver again from where it stopped");
  AddRotateSecret(noun, runner);
  AddDelete(noun, runner);
}

}  // namespace causeway::cli
