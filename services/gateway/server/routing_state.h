#pragma once
// RoutingState: what the gateway knows, immutable and swapped atomically: the topology view it
// follows from causeway-topology plus every schema parsed once and the producer directory. Publishes read it without locks.
#include <map>
#include <set>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/avro/schema.h"
#include "gateway/server/event_sink.h"
#include "common/auth/principal_directory.h"
#include "common/topology/topology_view.h"

namespace causeway::gateway {

namespace tv1 = ::causeway::topology::v1;

struct SchemaEntry {
  tv1::Schema meta;
  std::shared_ptr<const avro::Schema> parsed;
};

// Where one event type's events go, ready for the sink: built once per topology change, so a
// publish copies nothing from the topology (copying the resolved placements per event was the
// gateway's largest malloc cost, tools/bench/gateway_e2e).
struct RouteTarget {
  std::string zone;
  ClusterTarget cluster;
};

struct Route {
  std::string topic;
  std::vector<RouteTarget> targets;  // one per zone the event type is placed in
};

class RoutingState {
 public:
  // Parses the schemas of `view`, reusing those already parsed in `previous` (may be null).
  static std::shared_ptr<const RoutingState> Build(std::shared_ptr<const topology::TopologyView> view,
                                                   const RoutingState* previous);

  const topology::TopologyView& view() const { return *view_; }
  int64_t revision() const { return view_->revision(); }
  // Who may publish where, as of this revision.
  // Who may publish: principals and their role bindings.
  const auth::PrincipalDirectory& principals() const { return principals_; }

  // NOT_FOUND for an unknown event type; FAILED_PRECONDITION when it is placed nowhere. The route
  // lives as long as this state.
  absl::StatusOr<const Route*> Resolve(const std::string& ns, const std::string& event_type) const;
  // Every cluster some placement uses.
  std::set<std::string> ClustersInUse() const;

  // The schema a publish uses: `schema_id` (MD5 id or decimal global id) when given, else the
  // newest available one. NOT_FOUND for an unknown id; FAILED_PRECONDITION when the event type has
  // no available schema, or the one named is pending, deprecated or of another event type.
  absl::StatusOr<const SchemaEntry*> SchemaFor(const std::string& ns, const std::string& event_type,
                                               const std::string& schema_id) const;

 private:
  std::shared_ptr<const topology::TopologyView> view_;
  // Keyed "<ns>/<event_type>/<id>" like the view.
  std::map<std::string, SchemaEntry> schemas_;
  std::map<std::string, Route> routes_;  // keyed "<ns>/<event_type>"
  auth::PrincipalDirectory principals_;
};

}  // namespace causeway::gateway
