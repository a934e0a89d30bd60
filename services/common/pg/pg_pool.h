#pragma once
// A fixed-size pool of libpqxx connections.
//
// Threads: any thread may call WithTransaction; a connection is used by one thread at a time.
// Connections are opened lazily and re-opened after PostgreSQL comes back, so a service started
// while the database is down answers UNAVAILABLE and recovers by itself.
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/pg/pg_errors.h"

namespace causeway::pg {

struct PoolStats {
  int size = 0;      // configured connections
  int open = 0;      // currently connected
  int in_use = 0;    // lent out
  long long waits = 0;  // acquisitions that had to wait
};

class PgPool {
 public:
  // `prepare` runs on every new connection (to declare its prepared statements).
  PgPool(std::string dsn, int size, std::function<void(pqxx::connection&)> prepare = {},
         std::chrono::milliseconds acquire_timeout = std::chrono::seconds(5));
  ~PgPool();

  // Runs `body` in one transaction and commits when it returns OK; any error rolls back.
  // pqxx exceptions become absl::Status (pg_errors.h); a lost connection is dropped from the pool.
  template <typename T>
  absl::StatusOr<T> WithTransaction(const std::function<absl::StatusOr<T>(pqxx::work&)>& body);
  absl::Status WithTransaction(const std::function<absl::Status(pqxx::work&)>& body);

  PoolStats Stats() const;
  const std::string& dsn() const { return dsn_; }

 private:
  struct Lease;
  absl::StatusOr<std::unique_ptr<pqxx::connection>> Acquire();
  void Release(std::unique_ptr<pqxx::connection> conn, bool broken);

  const std::string dsn_;
  const int size_;
  const std::function<void(pqxx::connection&)> prepare_;
  const std::chrono::milliseconds acquire_timeout_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  int lent_ = 0;
  long long waits_ = 0;
};

template <typename T>
absl::StatusOr<T> PgPool::WithTransaction(
    const std::function<absl::StatusOr<T>(pqxx::work&)>& body) {
  auto conn = Acquire();
  if (!conn.ok()) return conn.status();
  absl::StatusOr<T> result = absl::InternalError("transaction did not run");
  bool broken = false;
  try {
    pqxx::work txn(**conn);
    result = body(txn);
    if (result.ok()) txn.commit();
  } catch (const std::exception& e) {
    result = StatusFromException(e);
  }
  if (!result.ok() && IsConnectionLost(result.status())) broken = true;
  if (!broken && !(*conn)->is_open()) broken = true;
  Release(std::move(*conn), broken);
  return result;
}

}  // namespace causeway::pg
