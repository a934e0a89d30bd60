#include "support/test_database.h"

#include <gtest/gtest.h>

#include <pqxx/pqxx>

#include "absl/strings/str_cat.h"
#include "support/test_env.h"
#include "topology/migrator.h"

namespace causeway::testing {

std::string MigrationsDir() { return absl::StrCat(CAUSEWAY_SOURCE_DIR, "/migrations"); }

std::string WithDatabase(const std::string& dsn, const std::string& database) {
  const size_t scheme = dsn.find("://");
  const size_t slash = dsn.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  const size_t query = dsn.find('?');
  std::string out = slash == std::string::npos ? dsn : dsn.substr(0, slash);
  absl::StrAppend(&out, "/", database);
  if (query != std::string::npos) absl::StrAppend(&out, dsn.substr(query));
  return out;
}

TestDatabase::TestDatabase(bool migrated)
    : admin_dsn_(RequireEnv("CAUSEWAY_TEST_PG_DSN")) {
  std::string unique = UniqueName("t");
  for (char& c : unique) {
    if (c == '-') c = '_';
  }
  name_ = unique;
  dsn_ = WithDatabase(admin_dsn_, name_);
  pqxx::connection admin(admin_dsn_);
  pqxx::nontransaction(admin).exec(absl::StrCat("CREATE DATABASE ", name_));
  if (migrated) {
    auto migrations = topology::LoadMigrations(MigrationsDir());
    EXPECT_TRUE(migrations.ok()) << migrations.status();
    auto applied = topology::ApplyMigrations(dsn_, *migrations);
    EXPECT_TRUE(applied.ok()) << applied.status();
  }
}

TestDatabase::~TestDatabase() {
  try {
    pqxx::connection admin(admin_dsn_);
    pqxx::nontransaction(admin).exec(absl::StrCat("DROP DATABASE IF EXISTS ", name_, " WITH (FORCE)"));
  } catch (const std::exception& e) {
    ADD_FAILURE() << "dropping test database " << name_ << ": " << e.what();
  }
}

}  // namespace causeway::testing
