#include "common/pg/pg_errors.h"

#include <pqxx/pqxx>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace causeway::pg {
namespace {
constexpr absl::string_view kLostPrefix = "PostgreSQL unavailable: ";
}

absl::Status StatusFromException(const std::exception& e) {
  if (dynamic_cast<const pqxx::broken_connection*>(&e) != nullptr ||
      dynamic_cast<const pqxx::in_doubt_error*>(&e) != nullptr) {
    return absl::UnavailableError(absl::StrCat(kLostPrefix, e.what()));
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&e); sql != nullptr) {
    const std::string state = sql->sqlstate();
    if (state == "23505") return absl::AlreadyExistsError(sql->what());
    if (state == "23503") return absl::FailedPreconditionError(sql->what());
    if (state == "40001" || state == "40P01") return absl::AbortedError(sql->what());
    // Class 08: connection exception; 57P01..57P03: admin shutdown, crash shutdown, cannot connect.
    if (state.rfind("08", 0) == 0 || state.rfind("57P0", 0) == 0) {
      return absl::UnavailableError(absl::StrCat(kLostPrefix, sql->what()));
    }
    return absl::InternalError(absl::StrCat("PostgreSQL error ", state, ": ", sql->what()));
  }
  return absl::InternalError(absl::StrCat("PostgreSQL client error: ", e.what()));
}

bool IsConnectionLost(const absl::Status& status) {
  return absl::IsUnavailable(status) && absl::StartsWith(status.message(), kLostPrefix);
}

}  // namespace causeway::pg
