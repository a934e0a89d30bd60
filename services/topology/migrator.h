#pragma once
// Applies the numbered SQL files of migrations/ in order, each in its own transaction, recorded in
// `schema_migrations`. A session-level advisory lock makes replicas that start together apply each
// migration exactly once: the others wait, then find nothing left to do.
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace causeway::topology {

struct Migration {
  int number = 0;        // from the file name: 0001_topology.sql -> 1
  std::string name;      // file name
  std::string sql;
};

// Reads `dir` (*.sql, named NNNN_description.sql), sorted by number; duplicate numbers are an error.
absl::StatusOr<std::vector<Migration>> LoadMigrations(const std::string& dir);

// Applies what is missing; returns the names applied now (empty when up to date).
absl::StatusOr<std::vector<std::string>> ApplyMigrations(const std::string& dsn,
                                                         const std::vector<Migration>& migrations);

}  // namespace causeway::topology
