#include "cli/placement_commands.h"

#include <cstdint>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "causeway/topology/v1/topology.pb.h"
#include "cli/entity_key.h"
#include "cli/list_pages.h"
#include "cli/output.h"
#include "cli/reflection.h"
#include "cli/results.h"

namespace causeway::cli {
namespace {

namespace v1 = ::causeway::topology::v1;

constexpr absl::string_view kEventTypeHelp = "The event type as <namespace>/<name>";

// Which of the Place/Move/Remove requests' fields a command takes besides the event type and zone.
enum class ClusterFlag { kNone, kOptional, kRequired };

struct PlacementArgs {
  std::string event_type;
  std::string zone;
  std::string cluster;
  int64_t version = 0;
  bool adopt_existing_topic = false;
};

// Adds the event type argument, --zone and the flags of `cluster` (and --version when `versioned`).
std::shared_ptr<PlacementArgs> AddPlacementArgs(CLI::App* command, ClusterFlag cluster,
                                                bool versioned) {
  auto args = std::make_shared<PlacementArgs>();
  AddKeyArgument(command, KeyShape::kNamespacedName, &args->event_type, kEventTypeHelp);
  command->add_option("--zone", args->zone, "The zone of the placement")->required();
  if (cluster != ClusterFlag::kNone) {
    command
        ->add_option("--cluster", args->cluster,
                     cluster == ClusterFlag::kRequired
                         ? "The destination cluster, an ACTIVE cluster of the zone"
                         : "An ACTIVE cluster of the zone (default: the least-loaded one)")
        ->required(cluster == ClusterFlag::kRequired);
    command->add_flag("--adopt-existing-topic", args->adopt_existing_topic,
                      "Use a topic already on the cluster that Causeway did not create for the "
                      "event type (e.g. made by hand or by causeway-devkafka), after checking its "
                      "layout; you vouch that nothing else writes to it (admin only)");
  }
  if (versioned) {
    AddVersionOption(command, &args->version,
                     "Act only if the placement's current version is this one (default: any)");
  }
  return args;
}

// Fills the fields the request type has: namespace, event_type, zone, cluster, version.
void FillPlacementRequest(const PlacementArgs& args, google::protobuf::Message* request) {
  SetKeyFields(ParseKey(KeyShape::kNamespacedName, args.event_type), request, "event_type");
  SetStringField(request, "zone", args.zone);
  const auto* type = request->GetDescriptor();
  if (type->FindFieldByName("cluster") != nullptr) SetStringField(request, "cluster", args.cluster);
  if (type->FindFieldByName("version") != nullptr) SetIntField(request, "version", args.version);
  if (const auto* adopt = type->FindFieldByName("adopt_existing_topic"); adopt != nullptr) {
    request->GetReflection()->SetBool(request, adopt, args.adopt_existing_topic);
  }
}

// place and move: the same request shape, both answer with the placement.
void AddPlacementChange(CLI::App* event_type, CommandRunner& runner, const std::string& name,
                        const std::string& help, const std::string& rpc, ClusterFlag cluster) {
  CLI::App* command = event_type->add_subcommand(name, help);
  auto args = AddPlacementArgs(command, cluster, /*versioned=*/cluster == ClusterFlag::kRequired);
  runner.Bind(command, [args, rpc](Session& session) {
    auto request = session.client.NewRequest(rpc);
    FillPlacementRequest(*args, request.get());
    return ShowEntity(session, session.client.Call(rpc, *request));
  });
}

void AddPlacementRemove(CLI::App* placement, CommandRunner& runner) {
  CLI::App* command = placement->add_subcommand(
      "remove", "Remove an event type from a zone; the topic and its data stay on the cluster");
  auto args = AddPlacementArgs(command, ClusterFlag::kNone, /*versioned=*/true);
  runner.Bind(command, [args](Session& session) {
    v1::RemovePlacementRequest request;
    FillPlacementRequest(*args, &request);
    return ShowDone(session, session.client.Call("RemovePlacement", request),
                    absl::StrCat("removed ", args->event_type, " from zone ", args->zone));
  });
}

void AddPlacementList(CLI::App* placement, CommandRunner& runner) {
  CLI::App* command =
      placement->add_subcommand("list", "List placements, every page unless --limit");
  struct Args {
    std::string event_type;
    std::string zone;
    std::string cluster;
    PageOptions pages;
  };
  auto args = std::make_shared<Args>();
  auto* by_event_type = command->add_option("event_type", args->event_type,
                                            "Only the placements of this <namespace>/<name>")
                            ->type_name("NAMESPACE/NAME")
                            ->check(KeyShapeCheck(KeyShape::kNamespacedName));
  auto* by_zone = command->add_option("--zone", args->zone, "Only the placements in this zone");
  auto* by_cluster =
      command->add_option("--cluster", args->cluster, "Only the placements on this cluster");
  by_event_type->excludes(by_zone)->excludes(by_cluster);
  by_zone->excludes(by_cluster);
  AddPageOptions(command, &args->pages);
  runner.Bind(command, [args](Session& session) {
    v1::ListRequest request;
    if (!args->zone.empty()) request.set_parent(absl::StrCat("zone:", args->zone));
    if (!args->cluster.empty()) request.set_parent(absl::StrCat("cluster:", args->cluster));
    if (!args->event_type.empty()) request.set_parent(args->event_type);
    return ShowList(session, ListAllPages(session.client, "ListPlacements", request, args->pages),
                    FieldColumns({"namespace", "event_type", "zone", "cluster", "topic", "version"}));
  });
}

void PrintResolved(const v1::ResolveResponse& resolved, Output& out) {
  if (out.json()) {
    out.Entity(resolved);
    return;
  }
  const auto& event_type = resolved.event_type();
  out.Line(absl::StrCat(event_type.namespace_(), "/", event_type.name(), "  topic ",
                        event_type.topic(), "  revision ", resolved.revision()));
  if (resolved.placements().empty()) {
    out.Line("not placed in any zone");
    return;
  }
  out.List({FieldColumn("placement.zone"), FieldColumn("placement.cluster"),
            FieldColumn("placement.topic"), FieldColumn("cluster_state", "STATE"),
            FieldColumn("zone_archived", "ARCHIVED"), FieldColumn("bootstrap_servers"),
            FieldColumn("client_properties", "PROPERTIES")},
           MessagePointers(resolved.placements()));
}

void AddResolve(CLI::App& app, CommandRunner& runner) {
  CLI::App* command = app.add_subcommand(
      "resolve", "Where an event type lives: every placement with its cluster's connection details");
  auto event_type = std::make_shared<std::string>();
  AddKeyArgument(command, KeyShape::kNamespacedName, event_type.get(), kEventTypeHelp);
  runner.Bind(command, [event_type](Session& session) -> absl::Status {
    v1::ResolveRequest request;
    SetKeyFields(ParseKey(KeyShape::kNamespacedName, *event_type), &request, "event_type");
    auto resolved = session.client.CallTyped<v1::ResolveResponse>("Resolve", request);
    if (!resolved.ok()) return resolved.status();
    PrintResolved(*resolved, session.out);
    return absl::OkStatus();
  });
}

}  // namespace

void AddPlacementCommands(CLI::App& app, CLI::App* event_type, CommandRunner& runner) {
  AddPlacementChange(event_type, runner, "place",
                     "Place an event type in a zone: creates its topic on a cluster of the zone",
                     "PlaceEventType", ClusterFlag::kOptional);
  AddPlacementChange(event_type, runner, "move",
                     "Move an event type to another cluster of the zone (creates the topic there; "
                     "the old topic and its data stay)",
                     "MovePlacement", ClusterFlag::kRequired);
  CLI::App* placement = app.add_subcommand("placement", "Where event types are placed");
  placement->require_subcommand(1);
  AddPlacementList(placement, runner);
  AddPlacementRemove(placement, runner);
  AddResolve(app, runner);
}

}  // namespace causeway::cli
