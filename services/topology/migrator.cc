#include "topology/migrator.h"

#include <filesystem>
#include <fstream>
#include <pqxx/pqxx>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/pg/pg_errors.h"

namespace causeway::topology {
namespace {
// Arbitrary but fixed: the advisory lock key of Causeway's migrations ("cway").
constexpr int64_t kMigrationLock = 0x63776179;
}  // namespace

absl::StatusOr<std::vector<Migration>> LoadMigrations(const std::string& dir) {
  std::vector<Migration> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".sql") continue;
    Migration m;
    if (!absl::SimpleAtoi(name.substr(0, name.find('_')), &m.number) || m.number <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("migration file \"", name, "\" does not start with a number"));
    }
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    m.name = name;
    m.sql = text.str();
    out.push_back(std::move(m));
  }
  if (ec) {
    return absl::NotFoundError(absl::StrCat("migrations directory \"", dir, "\": ", ec.message()));
  }
  std::sort(out.begin(), out.end(), [](auto& a, auto& b) { return a.number < b.number; });
  for (size_t i = 1; i < out.size(); ++i) {
    if (out[i].number == out[i - 1].number) {
      return absl::InvalidArgumentError(
          absl::StrCat("migrations \"", out[i - 1].name, "\" and \"", out[i].name,
                       "\" share a number"));
    }
  }
  if (out.empty()) return absl::NotFoundError(absl::StrCat("no migrations in \"", dir, "\""));
  return out;
}

absl::StatusOr<std::vector<std::string>> ApplyMigrations(
    const std::string& dsn, const std::vector<Migration>& migrations) {
  std::vector<std::string> applied;
  try {
    pqxx::connection conn(dsn);
    pqxx::nontransaction(conn).exec(absl::StrCat("SELECT pg_advisory_lock(", kMigrationLock, ")"));
    {
      pqxx::work txn(conn);
      txn.exec(
          "CREATE TABLE IF NOT EXISTS schema_migrations ("
          " number integer PRIMARY KEY, name text NOT NULL,"
          " applied_at timestamptz NOT NULL DEFAULT now())");
      txn.commit();
    }
    for (const Migration& m : migrations) {
      pqxx::work txn(conn);
      if (!txn.exec_params("SELECT 1 FROM schema_migrations WHERE number = $1", m.number).empty()) {
        continue;
      }
      txn.exec(m.sql);
      txn.exec_params("INSERT INTO schema_migrations (number, name) VALUES ($1, $2)", m.number,
                      m.name);
      txn.commit();
      applied.push_back(m.name);
    }
    // Closing the connection releases the advisory lock too; this just makes it prompt.
    pqxx::nontransaction(conn).exec(absl::StrCat("SELECT pg_advisory_unlock(", kMigrationLock, ")"));
  } catch (const std::exception& e) {
    absl::Status s = pg::StatusFromException(e);
    return absl::Status(s.code(), absl::StrCat("applying migrations: ", s.message()));
  }
  return applied;
}

}  // namespace causeway::topology
