#include "common/auth/principal_directory.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/core/bearer_token.h"

namespace causeway::auth {

const char* AuthMethodName(AuthMethod method) {
  switch (method) {
    case AuthMethod::kToken: return "token";
    case AuthMethod::kCertificate: return "certificate";
    case AuthMethod::kDevelopment: return "development";
  }
  return "unknown";
}

PrincipalDirectory::PrincipalDirectory(const std::vector<const v1::Principal*>& principals,
                                       const std::vector<const v1::RoleBinding*>& bindings) {
  for (const v1::Principal* p : principals) {
    for (const auto& t : p->tokens()) by_token_[t.sha256()] = p->name();
    for (const auto& name : p->certificate_names()) by_certificate_[name].push_back(p->name());
  }
  for (const v1::RoleBinding* b : bindings) {
    // Copied: the directory may outlive the view it was built from.
    owned_.push_back(std::make_shared<const v1::RoleBinding>(*b));
    bindings_[b->principal()].push_back(owned_.back().get());
  }
}

absl::StatusOr<Identity> PrincipalDirectory::Authenticate(const Credentials& c) const {
  if (!c.malformed.ok()) return c.malformed;
  std::string by_token;
  if (!c.token_sha256.empty()) {
    auto it = by_token_.find(c.token_sha256);
    if (it == by_token_.end()) {
      return absl::UnauthenticatedError(
          absl::StrCat("unknown or revoked bearer token (token id ", TokenId(c.token_sha256), ")"));
    }
    by_token = it->second;
  }
  std::string by_certificate;
  for (const std::string& name : c.certificate_names) {
    auto it = by_certificate_.find(name);
    if (it == by_certificate_.end()) continue;
    if (it->second.size() > 1) {
      return absl::UnauthenticatedError(
          absl::StrCat("certificate name \"", name, "\" is claimed by several principals (",
                       absl::StrJoin(it->second, ", "), "); fix the topology"));
    }
    if (!by_certificate.empty() && by_certificate != it->second[0]) {
      return absl::UnauthenticatedError(
          absl::StrCat("the client certificate names two principals (\"", by_certificate,
                       "\" and \"", it->second[0], "\")"));
    }
    by_certificate = it->second[0];
  }
  if (!by_token.empty() && !by_certificate.empty() && by_token != by_certificate) {
    return absl::UnauthenticatedError(
        absl::StrCat("the bearer token is principal \"", by_token,
                     "\"'s but the client certificate is principal \"", by_certificate, "\"'s"));
  }
  if (!by_token.empty()) return Identity{by_token, AuthMethod::kToken};
  if (!by_certificate.empty()) return Identity{by_certificate, AuthMethod::kCertificate};
  if (!c.certificate_names.empty()) {
    return absl::UnauthenticatedError(
        absl::StrCat("no principal has the client certificate's names (",
                     absl::StrJoin(c.certificate_names, ", "), ")"));
  }
  return absl::UnauthenticatedError(
      "no credentials: send `authorization: Bearer <token>` or a TLS client certificate");
}

const std::vector<const v1::RoleBinding*>& PrincipalDirectory::BindingsOf(
    const std::string& principal) const {
  static const std::vector<const v1::RoleBinding*> kNone;
  auto it = bindings_.find(principal);
  return it == bindings_.end() ? kNone : it->second;
}

bool PrincipalDirectory::Allows(const std::string& principal, const Need& need) const {
  for (const v1::RoleBinding* b : BindingsOf(principal)) {
    for (v1::Role role : need.roles) {
      if (Grants(*b, role, need.ns)) return true;
    }
  }
  return false;
}

absl::Status PrincipalDirectory::Check(const std::string& principal, const Need& need) const {
  if (Allows(principal, need)) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat("principal \"", principal, "\" needs role ", Describe(need)));
}

}  // namespace causeway::auth
