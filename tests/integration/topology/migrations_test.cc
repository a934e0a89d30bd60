// Migrations: an empty database, a re-run that does nothing, and replicas racing at start.
#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <thread>

#include "absl/strings/str_cat.h"
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

// Migration 0005 on a database with rows: the migrations before it, then rows as 0001-0004 wrote
// them, then the rest.
class TopicOwnershipMigration : public ::testing::Test {
 protected:
  void SetUp() override {
    auto loaded = topology::LoadMigrations(MigrationsDir());
    ASSERT_TRUE(loaded.ok()) << loaded.status();
    all_ = *std::move(loaded);
    ASSERT_GE(all_.size(), 5u);
    const std::vector<topology::Migration> before(all_.begin(), all_.begin() + 4);
    ASSERT_TRUE(topology::ApplyMigrations(db_.dsn(), before).ok());
    Exec("INSERT INTO namespaces VALUES ('mfp', 1, '{\"name\": \"mfp\"}'), "
         "('billing', 1, '{\"name\": \"billing\"}')");
    Exec("INSERT INTO zones VALUES ('eu', 1, '{\"name\": \"eu\"}')");
    Exec("INSERT INTO clusters VALUES ('eu-a', 'eu', 'CLUSTER_STATE_ACTIVE', 1, '{}'), "
         "('eu-b', 'eu', 'CLUSTER_STATE_ACTIVE', 1, '{}')");
  }
  void Exec(const std::string& sql) {
    pqxx::connection conn(db_.dsn());
    pqxx::work txn(conn);
    txn.exec(sql);
    txn.commit();
  }
  // An event type with its creation in the history, as the service records it.
  void EventType(const std::string& ns, const std::string& name, const std::string& topic) {
    const std::string body = absl::StrCat(R"({"namespace": ")", ns, R"(", "name": ")", name,
                                          R"(", "topic": ")", topic, R"(", "version": "1"})");
    Exec(absl::StrCat("INSERT INTO event_types VALUES ('", ns, "', '", name, "', 1, '", body,
                      "')"));
    History("event_type", absl::StrCat("event_type/", ns, "/", name), body);
  }
  void Placement(const std::string& ns, const std::string& name, const std::string& cluster,
                 const std::string& topic, bool current) {
    const std::string body = absl::StrCat(R"({"namespace": ")", ns, R"(", "event_type": ")",
                                          name, R"(", "zone": "eu", "cluster": ")", cluster,
                                          R"(", "topic": ")", topic, R"("})");
    if (current) {
      Exec(absl::StrCat("INSERT INTO placements VALUES ('", ns, "', '", name, "', 'eu', '",
                        cluster, "', 1, '", body, "')"));
    }
    History("placement", absl::StrCat("event_type/", ns, "/", name, "/placement/eu"), body);
  }
  void History(const std::string& kind, const std::string& entity, const std::string& body) {
    Exec(absl::StrCat("WITH r AS (UPDATE revision_counter SET revision = revision + 1 "
                      "RETURNING revision) INSERT INTO changes (revision, kind, entity, op, actor, "
                      "body) SELECT revision, '", kind, "', '", entity, "', 'put', 'admin', '",
                      body, "' FROM r"));
  }
  std::vector<std::string> Topics() {
    pqxx::connection conn(db_.dsn());
    std::vector<std::string> out;
    for (const pqxx::row& row : pqxx::nontransaction(conn).exec(
             "SELECT cluster || '/' || topic || ' ' || namespace || '/' || event_type "
             "FROM topics ORDER BY 1")) {
      out.push_back(row[0].as<std::string>());
    }
    return out;
  }

  TestDatabase db_{/*migrated=*/false};
  std::vector<topology::Migration> all_;
};

TEST_F(TopicOwnershipMigration, KeepsTodaysPlacementsAndTheTopicsMovesLeftBehind) {
  EventType("mfp", "Order", "orders");
  Placement("mfp", "Order", "eu-a", "orders", /*current=*/false);  // created on eu-a, then moved
  Placement("mfp", "Order", "eu-b", "orders", /*current=*/true);
  EventType("billing", "Invoice", "invoices");
  Placement("billing", "Invoice", "eu-a", "invoices", /*current=*/true);
  auto applied = topology::ApplyMigrations(db_.dsn(), all_);
  ASSERT_TRUE(applied.ok()) << applied.status();

  EXPECT_EQ(Topics(), (std::vector<std::string>{"eu-a/invoices billing/Invoice",
                                                "eu-a/orders mfp/Order",
                                                "eu-b/orders mfp/Order"}));
  pqxx::connection conn(db_.dsn());
  pqxx::work txn(conn);
  EXPECT_EQ(txn.exec("SELECT topic FROM placements WHERE event_type = 'Order'")[0][0]
                .as<std::string>(),
            "orders");
  txn.exec("INSERT INTO event_types VALUES ('billing', 'Refund', 1, '{}')");
  EXPECT_THROW(txn.exec("INSERT INTO placements (namespace, event_type, zone, cluster, topic, "
                        "version, body) VALUES ('billing', 'Refund', 'eu', 'eu-b', 'orders', 1, "
                        "'{}')"),
               pqxx::unique_violation)
      << "(cluster, topic) is unique";
}

TEST_F(TopicOwnershipMigration, RefusesADatabaseWhereEventTypesShareATopicNamingThem) {
  EventType("mfp", "Order", "shared");
  Placement("mfp", "Order", "eu-a", "shared", /*current=*/true);
  EventType("billing", "Invoice", "shared");
  Placement("billing", "Invoice", "eu-a", "shared", /*current=*/true);
  auto applied = topology::ApplyMigrations(db_.dsn(), all_);
  ASSERT_FALSE(applied.ok());
  EXPECT_NE(applied.status().message().find(
                "topic \"shared\" on cluster \"eu-a\" is used by billing/Invoice, mfp/Order"),
            std::string::npos)
      << applied.status();
  pqxx::connection conn(db_.dsn());
  EXPECT_EQ(pqxx::nontransaction(conn)
                .exec("SELECT count(*) FROM schema_migrations")[0][0]
                .as<size_t>(),
            4u)
      << "0005 rolled back, the rows unchanged";
}

}  // namespace
}  // namespace causeway::testing
