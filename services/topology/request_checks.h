#pragma once
// Checks shared by the topology RPC handlers (topology_service.cc, producer_rpcs.cc).
#include <algorithm>
#include <initializer_list>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/core/errors.h"

namespace causeway::topology {

// First non-OK status of a list of checks.
inline absl::Status FirstError(std::initializer_list<absl::Status> checks) {
  for (const absl::Status& s : checks) {
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

// A List RPC's page size: 0 means 100, at most 1000.
inline absl::StatusOr<int> PageSize(int requested) {
  if (requested < 0) return InvalidField("page_size", "must not be negative");
  if (requested == 0) return 100;
  return std::min(requested, 1000);
}

// Updates must name the version they read (optimistic concurrency).
inline absl::Status RequireVersion(absl::string_view field, int64_t version) {
  if (version <= 0) {
    return InvalidField(field, "required for updates (optimistic concurrency): pass the version "
                               "you read");
  }
  return absl::OkStatus();
}

}  // namespace causeway::topology
