// Migrations: an empty database, a re-run that does nothing, and replicas racing at start.
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <thread>

#include "support/test_database.h"
#include "topology/migrator.h"

namespace causeway::testing {
namespace {

int CountApplied(const std::string& dsn) {
  pqxx::connection conn(dsn);
  return pqxx::nontransaction(conn).exec("SELECT count(*) FROM schema_migrations")[0][0].as<int>();
}

TEST(Migrations, ApplyToEmptyDatabaseThenRerunIsNoOp) {
  TestDatabase db(/*migrated=*/false);
  auto migrations = topology::LoadMigrations(MigrationsDir());
  ASSERT_TRUE(migrations.ok()) << migrations.status();
  auto first = topology::ApplyMigrations(db.dsn(), *migrations);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->size(), migrations->size());
  auto second = topology::ApplyMigrations(db.dsn(), *migrations);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(second->empty());
  EXPECT_EQ(CountApplied(db.dsn()), static_cast<int>(migrations->size()));
}

TEST(Migrations, RacingReplicasApplyEachMigrationExactlyOnce) {
  TestDatabase db(/*migrated=*/false);
  auto migrations = topology::LoadMigrations(MigrationsDir());
  ASSERT_TRUE(migrations.ok());
  constexpr int kReplicas = 6;
  std::vector<size_t> applied(kReplicas);
  std::vector<absl::Status> results(kReplicas);
  std::vector<std::thread> threads;
  for (int i = 0; i < kReplicas; ++i) {
    threads.emplace_back([&, i] {
      auto r = topology::ApplyMigrations(db.dsn(), *migrations);
      results[i] = r.status();
      if (r.ok()) applied[i] = r->size();
    });
  }
  for (auto& t : threads) t.join();
  size_t total = 0;
  for (int i = 0; i < kReplicas; ++i) {
    EXPECT_TRUE(results[i].ok()) << results[i];
    total += applied[i];
  }
  EXPECT_EQ(total, migrations->size()) << "every migration applied by exactly one replica";
  EXPECT_EQ(CountApplied(db.dsn()), static_cast<int>(migrations->size()));
}

TEST(Migrations, AFailingMigrationLeavesNothingBehind) {
  TestDatabase db(/*migrated=*/false);
  std::vector<topology::Migration> bad = {
      {1, "0001_ok.sql", "CREATE TABLE a (x int);"},
      {2, "0002_broken.sql", "CREATE TABLE b (x int); SELECT * FROM does_not_exist;"}};
  auto r = topology::ApplyMigrations(db.dsn(), bad);
  EXPECT_FALSE(r.ok());
  pqxx::connection conn(db.dsn());
  pqxx::nontransaction tx(conn);
  EXPECT_EQ(tx.exec("SELECT to_regclass('a') IS NOT NULL")[0][0].as<bool>(), true);
  EXPECT_EQ(tx.exec("SELECT to_regclass('b') IS NULL")[0][0].as<bool>(), true)
      << "the failed migration's transaction must roll back";
  EXPECT_EQ(tx.exec("SELECT count(*) FROM schema_migrations")[0][0].as<int>(), 1);
}

TEST(Migrations, LoadRejectsFilesWithoutNumbers) {
  char dir[] = "/tmp/causeway-mig.XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  FILE* f = fopen((std::string(dir) + "/setup.sql").c_str(), "w");
  fputs("SELECT 1;", f);
  fclose(f);
  auto r = topology::LoadMigrations(dir);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  std::remove((std::string(dir) + "/setup.sql").c_str());
  rmdir(dir);
}

}  // namespace
}  // namespace causeway::testing
