#include "common/pg/pg_pool.h"

#include "absl/strings/str_cat.h"

namespace causeway::pg {

PgPool::PgPool(std::string dsn, int size, std::function<void(pqxx::connection&)> prepare,
               std::chrono::milliseconds acquire_timeout)
    : dsn_(std::move(dsn)),
      size_(size),
      prepare_(std::move(prepare)),
      acquire_timeout_(acquire_timeout) {}

PgPool::~PgPool() = default;

absl::StatusOr<std::unique_ptr<pqxx::connection>> PgPool::Acquire() {
  std::unique_ptr<pqxx::connection> conn;
  {
    std::unique_lock lock(mu_);
    if (idle_.empty() && lent_ >= size_) {
      ++waits_;
      if (!cv_.wait_for(lock, acquire_timeout_,
                        [&] { return !idle_.empty() || lent_ < size_; })) {
        return absl::UnavailableError(
            absl::StrCat("PostgreSQL pool exhausted: all ", size_, " connections busy"));
      }
    }
    ++lent_;
    if (!idle_.empty()) {
      conn = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (conn) return conn;
  // Connect outside the lock: it can take as long as the network does.
  try {
    conn = std::make_unique<pqxx::connection>(dsn_);
    if (prepare_) prepare_(*conn);
    return conn;
  } catch (const std::exception& e) {
    Release(nullptr, true);
    return StatusFromException(e);
  }
}

void PgPool::Release(std::unique_ptr<pqxx::connection> conn, bool broken) {
  {
    std::lock_guard lock(mu_);
    --lent_;
    if (conn && !broken) idle_.push_back(std::move(conn));
  }
  cv_.notify_one();
}

absl::Status PgPool::WithTransaction(const std::function<absl::Status(pqxx::work&)>& body) {
  auto result = WithTransaction<bool>([&](pqxx::work& txn) -> absl::StatusOr<bool> {
    absl::Status s = body(txn);
    if (!s.ok()) return s;
    return true;
  });
  return result.status();
}

PoolStats PgPool::Stats() const {
  std::lock_guard lock(mu_);
  return PoolStats{size_, lent_ + static_cast<int>(idle_.size()), lent_, waits_};
}

}  // namespace causeway::pg
