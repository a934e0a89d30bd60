#include "gateway/server/routing_state.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/avro/schema_parser.h"
#include "common/core/errors.h"

namespace causeway::gateway {

std::shared_ptr<const RoutingState> RoutingState::Build(
    std::shared_ptr<const topology::TopologyView> view, const RoutingState* previous) {
  auto state = std::make_shared<RoutingState>();
  state->view_ = std::move(view);
  for (const tv1::Schema* s : state->view_->AllSchemas()) {
    const std::string key = absl::StrCat(s->namespace_(), "/", s->event_type(), "/", s->id());
    SchemaEntry entry{*s, nullptr};
    if (previous != nullptr) {
      if (auto it = previous->schemas_.find(key); it != previous->schemas_.end()) {
        entry.parsed = it->second.parsed;
      }
    }
    if (!entry.parsed) {
      auto parsed = avro::ParseSchema(s->definition());
      if (!parsed.ok()) continue;  // topology only stores schemas that parsed; never expected
      entry.parsed = std::make_shared<const avro::Schema>(*std::move(parsed));
    }
    state->schemas_.emplace(key, std::move(entry));
  }
  for (const tv1::EventType* et : state->view_->AllEventTypes()) {
    auto resolved = state->view_->Resolve(et->namespace_(), et->name());
    if (!resolved.ok()) continue;  // listed by the same view: never expected
    Route route;
    route.topic = et->topic();
    for (const tv1::ResolvedPlacement& p : resolved->placements()) {
      route.targets.push_back(RouteTarget{
          p.placement().zone(),
          ClusterTarget{p.placement().cluster(), p.bootstrap_servers(),
                        {p.client_properties().begin(), p.client_properties().end()}}});
    }
    state->routes_.emplace(absl::StrCat(et->namespace_(), "/", et->name()), std::move(route));
  }
  state->principals_ =
      auth::PrincipalDirectory(state->view_->AllPrincipals(), state->view_->AllRoleBindings());
  return state;
}

absl::StatusOr<const Route*> RoutingState::Resolve(const std::string& ns,
                                                   const std::string& event_type) const {
  const std::string key = absl::StrCat(ns, "/", event_type);
  auto it = routes_.find(key);
  if (it == routes_.end()) return NotFound("event type", key);
  if (it->second.targets.empty()) {
    return absl::FailedPreconditionError(
        absl::StrCat("event type ", key, " is not placed in any zone"));
  }
  return &it->second;
}

std::set<std::string> RoutingState::ClustersInUse() const {
  std::set<std::string> clusters;
  for (const auto& [key, route] : routes_) {
    for (const RouteTarget& t : route.targets) clusters.insert(t.cluster.name);
  }
  return clusters;
}

absl::StatusOr<const SchemaEntry*> RoutingState::SchemaFor(const std::string& ns,
                                                           const std::string& event_type,
                                                           const std::string& schema_id) const {
  const std::string prefix = absl::StrCat(ns, "/", event_type, "/");
  const SchemaEntry* chosen = nullptr;
  if (schema_id.empty()) {
    for (auto it = schemas_.lower_bound(prefix);
         it != schemas_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
      const SchemaEntry& e = it->second;
      if (e.meta.status() == tv1::SCHEMA_STATUS_AVAILABLE &&
          (chosen == nullptr || e.meta.version() > chosen->meta.version())) {
        chosen = &e;
      }
    }
    if (chosen == nullptr) {
      return absl::FailedPreconditionError(
          absl::StrCat("event type ", ns, "/", event_type, " has no available schema"));
    }
    return chosen;
  }
  int32_t global_id = 0;
  const bool by_global = absl::SimpleAtoi(schema_id, &global_id);
  for (auto it = schemas_.lower_bound(prefix);
       it != schemas_.end() && it->first.compare(0, prefix.size(), prefix) == 0; ++it) {
    if (by_global ? it->second.meta.global_id() == global_id : it->second.meta.id() == schema_id) {
      chosen = &it->second;
    }
  }
  if (chosen == nullptr) {
    return NotFound(absl::StrCat("schema of ", ns, "/", event_type), schema_id);
  }
  switch (chosen->meta.status()) {
    case tv1::SCHEMA_STATUS_AVAILABLE:
      return chosen;
    case tv1::SCHEMA_STATUS_DEPRECATED:
      return absl::FailedPreconditionError(
          absl::StrCat("schema ", chosen->meta.id(), " is deprecated: publish with a newer one"));
    default:
      return absl::FailedPreconditionError(
          absl::StrCat("schema ", chosen->meta.id(), " is not activated yet"));
  }
}

}  // namespace causeway::gateway
