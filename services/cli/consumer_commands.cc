#include "cli/consumer_commands.h"

#include <iostream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "causeway/topology/v1/topology.pb.h"
#include "cli/entity_key.h"
#include "cli/group_lag.h"
#include "cli/list_pages.h"
#include "cli/output.h"
#include "cli/zone_clusters.h"
#include "google/protobuf/struct.pb.h"

namespace causeway::cli {
namespace {

namespace tv1 = ::causeway::topology::v1;

// How long one cluster may take to answer for the lag before it shows `?`.
constexpr absl::Duration kLagTimeout = absl::Seconds(5);

std::string EnumText(const std::string& name, absl::string_view prefix) {
  return absl::AsciiStrToLower(absl::StripPrefix(name, prefix));
}

// `eu-a:3,eu-b:?`: records behind on each cluster holding the topic in the subscription's zone.
std::string Lag(Session& session, const tv1::Subscription& sub,
                const std::vector<tv1::Placement>& placements,
                std::map<std::string, std::vector<ZoneCluster>>* clusters_of_zone) {
  std::vector<std::string> parts;
  for (const tv1::Placement& p : placements) {
    if (p.zone() != sub.zone()) continue;
    auto it = clusters_of_zone->find(p.zone());
    if (it == clusters_of_zone->end()) {
      auto listed = ClustersOf(session, p.zone());
      if (!listed.ok()) {
        std::cerr << "warning: clusters of zone " << p.zone() << ": " << listed.status().message()
                  << "\n";
      }
      it = clusters_of_zone->emplace(p.zone(), listed.ok() ? *listed : std::vector<ZoneCluster>())
               .first;
    }
    for (const ZoneCluster& cluster : it->second) {
      if (cluster.name != p.cluster()) continue;
      auto lag = GroupLag(cluster, absl::StrCat("causeway.sub.", sub.name()), p.topic(),
                          sub.start() != tv1::START_POSITION_LATEST, kLagTimeout);
      if (lag.ok()) {
        parts.push_back(absl::StrCat(cluster.name, ":", *lag));
      } else {
        std::cerr << "warning: lag of subscription " << sub.name() << " on " << cluster.Label()
                  << ": " << lag.status().message() << "\n";
        parts.push_back(absl::StrCat(cluster.name, ":?"));
      }
    }
  }
  return absl::StrJoin(parts, ",");
}

google::protobuf::Value Text(const std::string& s) {
  google::protobuf::Value v;
  v.set_string_value(s);
  return v;
}

}  // namespace

void AddConsumerCommands(CLI::App* event_type, CommandRunner& runner) {
  CLI::App* command = event_type->add_subcommand(
      "consumers",
      "Who reads an event type: its subscriptions with mode, reader schema (fingerprint, or "
      "`writer`), owner, state and lag (records behind per cluster, read from Kafka)");
  struct Args {
    std::string key;
    bool no_lag = false;
  };
  auto args = std::make_shared<Args>();
  AddKeyArgument(command, KeyShape::kNamespacedName, &args->key, "<namespace>/<event type>");
  command->add_flag("--no-lag", args->no_lag, "Do not read Kafka: the LAG column shows -");
  runner.Bind(command, [args](Session& session) -> absl::Status {
    const EntityKey k = ParseKey(KeyShape::kNamespacedName, args->key);
    tv1::ListRequest subs_req;
    subs_req.set_parent(absl::StrCat("namespace:", k.ns));
    auto subs = ListAllPages(session.client, "ListSubscriptions", subs_req, PageOptions{});
    if (!subs.ok()) return subs.status();
    std::vector<tv1::Placement> placements;
    if (!args->no_lag) {
      tv1::ListRequest place_req;
      place_req.set_parent(absl::StrCat(k.ns, "/", k.name));
      auto listed = ListAllPages(session.client, "ListPlacements", place_req, PageOptions{});
      if (!listed.ok()) return listed.status();
      for (const auto& m : *listed) placements.push_back(static_cast<const tv1::Placement&>(*m));
    }
    std::map<std::string, std::vector<ZoneCluster>> clusters_of_zone;
    std::vector<google::protobuf::Struct> rows;
    for (const auto& m : *subs) {
      const auto& sub = static_cast<const tv1::Subscription&>(*m);
      bool reads = false;
      for (const tv1::EventTypeRef& ref : sub.event_types()) {
        reads = reads || (ref.namespace_() == k.ns && ref.name() == k.name);
      }
      if (!reads) continue;
      std::string reader = "writer";
      for (const tv1::ReaderSchema& r : sub.reader_schemas()) {
        if (r.event_type().namespace_() == k.ns && r.event_type().name() == k.name) {
          reader = r.fingerprint();
        }
      }
      google::protobuf::Struct& row = rows.emplace_back();
      auto& f = *row.mutable_fields();
      f["subscription"] = Text(sub.name());
      f["mode"] = Text(EnumText(tv1::SubscriptionMode_Name(sub.mode()), "SUBSCRIPTION_MODE_"));
      f["reader"] = Text(reader);
      f["owner"] = Text(sub.owner());
      f["state"] = Text(EnumText(tv1::SubscriptionState_Name(sub.state()), "SUBSCRIPTION_STATE_"));
      f["zone"] = Text(sub.zone());
      f["lag"] = Text(args->no_lag ? "-" : Lag(session, sub, placements, &clusters_of_zone));
    }
    std::vector<const google::protobuf::Message*> items;
    for (const auto& row : rows) items.push_back(&row);
    auto column = [](const std::string& field) {
      return Column{absl::AsciiStrToUpper(field), [field](const google::protobuf::Message& m) {
                      const auto& s = static_cast<const google::protobuf::Struct&>(m);
                      auto it = s.fields().find(field);
                      return it == s.fields().end() ? std::string() : it->second.string_value();
                    }};
    };
    session.out.List({column("subscription"), column("mode"), column("reader"), column("owner"),
                      column("state"), column("zone"), column("lag")},
                     items);
    return absl::OkStatus();
  });
}

}  // namespace causeway::cli
