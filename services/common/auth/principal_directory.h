#pragma once
// PrincipalDirectory: token hashes and certificate names to principals, and each principal's role
// bindings. Immutable once built, from the principals and bindings a service follows (topology's
// own view, or a gateway's Watch-fed copy), so a token, certificate name or binding added or
// revoked takes effect with the next call after the change arrives — no restart, no round trip.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/auth/credentials.h"
#include "common/auth/roles.h"

namespace causeway::auth {

// How a service decides who calls it.
enum class AuthMode {
  // Every call needs a principal's credentials and the role it names.
  kPrincipals,
  // DEVELOPMENT ONLY: nothing is refused; the caller is whoever its credentials name, else
  // "development". Services log it loudly at start.
  kDevelopment,
};

enum class AuthMethod { kToken, kCertificate, kDevelopment };

// "token", "certificate", "development".
const char* AuthMethodName(AuthMethod method);

struct Identity {
  std::string principal;
  AuthMethod method = AuthMethod::kToken;
};

class PrincipalDirectory {
 public:
  PrincipalDirectory() = default;
  PrincipalDirectory(const std::vector<const v1::Principal*>& principals,
                     const std::vector<const v1::RoleBinding*>& bindings);

  // The principal the credentials identify. UNAUTHENTICATED when none is presented, the token is
  // unknown, no certificate name is known, a name is claimed by two principals, or token and
  // certificate name different principals.
  absl::StatusOr<Identity> Authenticate(const Credentials& credentials) const;

  // Whether `principal` holds a role that satisfies `need`.
  bool Allows(const std::string& principal, const Need& need) const;
  // OK, or PERMISSION_DENIED naming what is needed: `principal "bob" needs role owner of
  // namespace "mfp"`.
  absl::Status Check(const std::string& principal, const Need& need) const;

  // The bindings of a principal (empty when unknown).
  const std::vector<const v1::RoleBinding*>& BindingsOf(const std::string& principal) const;

 private:
  // Keeps the messages the pointers below point into alive.
  std::vector<std::shared_ptr<const v1::RoleBinding>> owned_;
  std::map<std::string, std::string> by_token_;                    // sha256 -> principal
  std::map<std::string, std::vector<std::string>> by_certificate_;  // name -> principals
  std::map<std::string, std::vector<const v1::RoleBinding*>> bindings_;
};

}  // namespace causeway::auth
