#pragma once
// RoutingState: what the gateway knows, immutable and swapped atomically: the topology view it
// follows from causeway-topology plus every schema parsed once and the producer directory. Publishes read it without locks.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/avro/schema.h"
#include "gateway/server/producer_auth.h"
#include "topology/topology_view.h"

namespace causeway::gateway {

namespace tv1 = ::causeway::topology::v1;

struct SchemaEntry {
  tv1::Schema meta;
  std::shared_ptr<const avro::Schema> parsed;
};

// Where one event type's events go, and the schema a JSON publish is checked against.
struct Route {
  tv1::EventType event_type;
  std::vector<tv1::ResolvedPlacement> placements;
};

class RoutingState {
 public:
  // Parses the schemas of `view`, reusing those already parsed in `previous` (may be null).
  static std::shared_ptr<const RoutingState> Build(std::shared_ptr<const topology::TopologyView> view,
                                                   const RoutingState* previous);

  const topology::TopologyView& view() const { return *view_; }
  int64_t revision() const { return view_->revision(); }
  // Who may publish where, as of this revision.
  const ProducerDirectory& producers() const { return producers_; }

  // NOT_FOUND for an unknown event type; FAILED_PRECONDITION when it is placed nowhere.
  absl::StatusOr<Route> Resolve(const std::string& ns, const std::string& event_type) const;

  // The schema a publish uses: `schema_id` (MD5 id or decimal global id) when given, else the
  // newest available one. NOT_FOUND for an unknown id; FAILED_PRECONDITION when the event type has
  // no available schema, or the one named is pending, deprecated or of another event type.
  absl::StatusOr<const SchemaEntry*> SchemaFor(const std::string& ns, const std::string& event_type,
                                               const std::string& schema_id) const;

 private:
  std::shared_ptr<const topology::TopologyView> view_;
  // Keyed "<ns>/<event_type>/<id>" like the view.
  std::map<std::string, SchemaEntry> schemas_;
  ProducerDirectory producers_;
};

}  // namespace causeway::gateway
