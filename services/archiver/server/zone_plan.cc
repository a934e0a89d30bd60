#include "archiver/server/zone_plan.h"

#include <algorithm>

#include "common/topology/entity_kinds.h"

namespace causeway::archiver {

namespace tv1 = ::causeway::topology::v1;

const ArchivedTopic* ZonePlan::TopicOf(const std::string& cluster,
                                       const std::string& topic) const {
  auto c = clusters.find(cluster);
  if (c == clusters.end()) return nullptr;
  for (const ArchivedTopic& t : c->second.topics) {
    if (t.topic == topic) return &t;
  }
  return nullptr;
}

const ArchiveSchema* ZonePlan::SchemaOf(int32_t global_id) const {
  auto it = schemas.find(global_id);
  return it == schemas.end() ? nullptr : &it->second;
}

std::shared_ptr<const ZonePlan> PlanZone(const topology::TopologyView& view,
                                         const std::string& zone) {
  auto plan = std::make_shared<ZonePlan>();
  const auto* z = dynamic_cast<const tv1::Zone*>(view.Find(topology::EntityKind::kZone, zone));
  if (z == nullptr) return plan;
  plan->exists = true;
  plan->archived = z->archived();
  for (const tv1::EventType* et : view.AllEventTypes()) {
    auto resolved = view.Resolve(et->namespace_(), et->name());
    if (!resolved.ok()) continue;
    bool placed = false;
    for (const tv1::ResolvedPlacement& p : resolved->placements()) {
      if (p.placement().zone() != zone) continue;
      placed = true;
      ClusterPlan& c = plan->clusters[p.placement().cluster()];
      c.cluster = p.placement().cluster();
      c.connection.bootstrap_servers = p.bootstrap_servers();
      c.connection.properties = {p.client_properties().begin(), p.client_properties().end()};
      c.topics.push_back(ArchivedTopic{p.placement().topic(), et->namespace_(), et->name()});
    }
    if (!placed) continue;
    for (const tv1::Schema* s : view.SchemasOf(et->namespace_(), et->name())) {
      plan->schemas[s->global_id()] =
          ArchiveSchema{s->global_id(), et->namespace_(), et->name(), s->definition()};
    }
  }
  for (auto& [name, c] : plan->clusters) {
    std::sort(c.topics.begin(), c.topics.end(),
              [](const ArchivedTopic& a, const ArchivedTopic& b) { return a.topic < b.topic; });
  }
  return plan;
}

}  // namespace causeway::archiver
