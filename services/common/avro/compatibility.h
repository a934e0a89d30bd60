#pragma once
// The reader/writer checker: Avro's schema resolution rules (specification, "Schema Resolution")
// applied to two schemas rather than to data, listing every reason the reader could fail to read
// something the writer wrote. Which pairs to check, in which direction, is the policy's business
// (compatibility_policy.h).
//
// Rules, as the specification gives them and as Avro's Java SchemaCompatibility reads them:
//   - same primitive type; or a promotion: int to long, float or double; long to float or double;
//     float to double; string to bytes; bytes to string;
//   - two decimals must agree on precision and scale;
//   - records, enums and fixed match when their unqualified names are equal or the writer's
//     fullname (or its unqualified name) is one of the reader's aliases;
//   - records: each reader field is matched to the writer field of the same name, or of one of
//     its aliases, and resolved recursively; a reader field the writer lacks needs a default;
//     writer fields the reader lacks are skipped;
//   - enums: every writer symbol must be a reader symbol, unless the reader's enum has a default;
//   - fixed: equal sizes;
//   - arrays and maps: items and values resolved recursively;
//   - a writer union: every branch must be readable (the writer may choose any);
//   - a reader union: the writer's type must match one of its branches, preferring a branch of
//     exactly the same type or fullname, then one matching by unqualified name or alias, then one
//     the writer's type promotes to (the order in which Avro's Java resolver picks a branch).
// Recursive schemas terminate: each (reader node, writer node) pair is checked once.
#include <optional>
#include <vector>

#include "common/avro/incompatibility.h"
#include "common/avro/schema.h"

namespace causeway::avro {

// Every reason `reader` cannot read data written with `writer`, in the order a depth-first walk of
// the reader meets them; empty when the reader can read everything the writer can write.
std::vector<Incompatibility> CheckReaderWriter(const Schema& reader, const Schema& writer);
std::vector<Incompatibility> CheckReaderWriter(const Node& reader, const Node& writer);

// Whether a writer value of kind `writer` can be read as kind `reader` without being the same kind.
bool IsPromotable(Kind writer, Kind reader);

// Whether two named types of the same kind match by name: unqualified names equal, or the
// writer's fullname or unqualified name among the reader's aliases.
bool NamesMatch(const Node& reader, const Node& writer);

// The branch of `reader_union` that reads values written as `writer` (which is not a union), by
// the preference order above; nullopt when none does. Only this level is compared: the chosen
// branch may still fail deeper down. A resolving decoder picks its branch with this too.
std::optional<size_t> ResolveUnionBranch(const Node& reader_union, const Node& writer);

}  // namespace causeway::avro
