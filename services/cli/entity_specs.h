#pragma once
// The entity kinds the CLI manages with create/list/get/update/delete, as data: how each is named
// on the command line, which fields are flags, and what `list` shows. entity_commands.cc turns one
// row into five commands; adding a kind is adding a row.
#include <optional>
#include <string>
#include <vector>

#include "cli/entity_key.h"
#include "cli/field_flags.h"
#include "cli/output.h"
#include "google/protobuf/descriptor.h"

namespace causeway::cli {

// A `list` flag whose value becomes ListRequest.parent (the RPC's filter).
struct ListFilter {
  std::string flag;  // "--zone"
  std::string help;
};

struct EntitySpec {
  std::string noun;   // "event-type": the command
  std::string label;  // "event type": in help and messages
  // The entity message; the RPCs are Create<Message>, Get<Message>, Update<Message>,
  // Delete<Message> and List<plural>.
  const google::protobuf::Descriptor* type;
  std::string plural;  // "EventTypes"
  KeyShape key;
  std::vector<FieldFlag> flags;
  std::vector<Column> list_columns;  // in table order
  std::optional<ListFilter> list_filter;
};

// Namespaces, zones, clusters, event types and principals, in the order `--help` lists them.
const std::vector<EntitySpec>& TopologyEntitySpecs();

}  // namespace causeway::cli
