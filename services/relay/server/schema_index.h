#pragma once
// SchemaIndex: every schema of a topology view by its Confluent global id, parsed once, so the
// relay decodes a record's value with the schema it was written with. Immutable; rebuilt for
// each new view, reusing the schemas already parsed by the previous index.
#include <cstdint>
#include <memory>

#include "absl/container/flat_hash_map.h"
#include "common/avro/schema.h"
#include "common/topology/topology_view.h"

namespace causeway::relay {

struct IndexedSchema {
  topology::v1::Schema meta;
  std::shared_ptr<const avro::Schema> parsed;
};

class SchemaIndex {
 public:
  static std::shared_ptr<const SchemaIndex> Build(const topology::TopologyView& view,
                                                  const SchemaIndex* previous);
  // nullptr for an id the view does not hold.
  const IndexedSchema* Find(int32_t global_id) const;
  size_t size() const { return by_global_id_.size(); }

 private:
  absl::flat_hash_map<int32_t, IndexedSchema> by_global_id_;
};

}  // namespace causeway::relay
