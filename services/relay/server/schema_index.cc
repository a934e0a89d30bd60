#include "relay/server/schema_index.h"

#include "common/avro/schema_parser.h"

namespace causeway::relay {

std::shared_ptr<const SchemaIndex> SchemaIndex::Build(const topology::TopologyView& view,
                                                      const SchemaIndex* previous) {
  auto index = std::make_shared<SchemaIndex>();
  for (const topology::v1::Schema* s : view.AllSchemas()) {
    IndexedSchema entry{*s, nullptr};
    if (previous != nullptr) {
      if (const IndexedSchema* old = previous->Find(s->global_id());
          old != nullptr && old->meta.id() == s->id()) {
        entry.parsed = old->parsed;
      }
    }
    if (!entry.parsed) {
      auto parsed = avro::ParseSchema(s->definition());
      if (!parsed.ok()) continue;  // topology stores only schemas that parse
      entry.parsed = std::make_shared<const avro::Schema>(*std::move(parsed));
    }
    index->by_global_id_.emplace(s->global_id(), std::move(entry));
  }
  return index;
}

const IndexedSchema* SchemaIndex::Find(int32_t global_id) const {
  auto it = by_global_id_.find(global_id);
  return it == by_global_id_.end() ? nullptr : &it->second;
}

}  // namespace causeway::relay
