#pragma once
// How one entry of the change history reads, in `history` tables and `watch` lines.
#include <string>
#include <vector>

#include "causeway/topology/v1/topology.pb.h"
#include "cli/output.h"

namespace causeway::cli {

// The entity's history path, the form `history --entity` filters by: `zone/eu`,
// `event_type/mfp/X`, `event_type/mfp/X/placement/eu`, `event_type/mfp/X/schema/<id>`,
// `principal/billing`, `principal/billing/role_binding/publisher/mfp`,
// `principal/ana/role_binding/admin`.
std::string ChangeEntityPath(const causeway::topology::v1::Change& change);

// REVISION TIME ACTOR OP ENTITY VERSION; items are v1::Change.
std::vector<Column> ChangeColumns();

}  // namespace causeway::cli
