#pragma once
// A fresh PostgreSQL database on the throwaway test cluster (CAUSEWAY_TEST_PG_DSN), dropped when
// the object goes away. Each test gets its own, so tests share nothing but the server.
#include <string>

namespace causeway::testing {

class TestDatabase {
 public:
  // `migrated`: apply migrations/ (what causeway-topology does at start).
  explicit TestDatabase(bool migrated = true);
  ~TestDatabase();
  TestDatabase(const TestDatabase&) = delete;
  TestDatabase& operator=(const TestDatabase&) = delete;

  const std::string& dsn() const { return dsn_; }
  const std::string& name() const { return name_; }

 private:
  std::string admin_dsn_;
  std::string name_;
  std::string dsn_;
};

// The migrations of this source tree.
std::string MigrationsDir();

// DSN of `database` on the server of `dsn` (replaces the path of a libpq URI).
std::string WithDatabase(const std::string& dsn, const std::string& database);

}  // namespace causeway::testing
