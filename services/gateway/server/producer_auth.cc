#include "gateway/server/producer_auth.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/core/producer_token.h"

namespace causeway::gateway {

Credentials CredentialsFromAuthorization(absl::string_view authorization) {
  Credentials c;
  authorization = absl::StripAsciiWhitespace(authorization);
  if (authorization.empty()) return c;
  constexpr absl::string_view kScheme = "bearer ";
  if (!absl::StartsWithIgnoreCase(authorization, kScheme)) {
    c.malformed = absl::UnauthenticatedError(
        "authorization: expected \"Bearer <token>\" (issue one with `causeway producer "
        "issue-token`)");
    return c;
  }
  absl::string_view token = absl::StripLeadingAsciiWhitespace(authorization.substr(kScheme.size()));
  if (token.empty()) {
    c.malformed = absl::UnauthenticatedError("authorization: the bearer token is empty");
    return c;
  }
  c.token_sha256 = Sha256Hex(token);
  return c;
}

ProducerDirectory ProducerDirectory::Build(const topology::TopologyView& view) {
  ProducerDirectory d;
  for (const auto* p : view.AllProducers()) {
    for (const auto& t : p->tokens()) d.by_token_[t.sha256()] = p->name();
    for (const auto& name : p->certificate_names()) d.by_certificate_[name].push_back(p->name());
  }
  for (const auto* g : view.AllGrants()) d.grants_.emplace(g->producer(), g->namespace_());
  return d;
}

absl::StatusOr<std::string> ProducerDirectory::Authenticate(const Credentials& c) const {
  if (!c.malformed.ok()) return c.malformed;
  std::string by_token;
  if (!c.token_sha256.empty()) {
    auto it = by_token_.find(c.token_sha256);
    if (it == by_token_.end()) {
      return absl::UnauthenticatedError(
          "unknown or revoked bearer token (token id " + TokenId(c.token_sha256) + ")");
    }
    by_token = it->second;
  }
  std::string by_certificate;
  for (const std::string& name : c.certificate_names) {
    auto it = by_certificate_.find(name);
    if (it == by_certificate_.end()) continue;
    if (it->second.size() > 1) {
      return absl::UnauthenticatedError(
          absl::StrCat("certificate name \"", name, "\" is claimed by several producers (",
                       absl::StrJoin(it->second, ", "), "); fix the topology"));
    }
    if (!by_certificate.empty() && by_certificate != it->second[0]) {
      return absl::UnauthenticatedError(
          absl::StrCat("the client certificate names two producers (\"", by_certificate,
                       "\" and \"", it->second[0], "\")"));
    }
    by_certificate = it->second[0];
  }
  if (!by_token.empty() && !by_certificate.empty() && by_token != by_certificate) {
    return absl::UnauthenticatedError(
        absl::StrCat("the bearer token is producer \"", by_token,
                     "\"'s but the client certificate is producer \"", by_certificate, "\"'s"));
  }
  if (!by_token.empty()) return by_token;
  if (!by_certificate.empty()) return by_certificate;
  if (!c.certificate_names.empty()) {
    return absl::UnauthenticatedError(
        absl::StrCat("no producer has the client certificate's names (",
                     absl::StrJoin(c.certificate_names, ", "), ")"));
  }
  return absl::UnauthenticatedError(
      "no credentials: send `authorization: Bearer <token>` or a TLS client certificate");
}

absl::Status ProducerDirectory::Authorize(const std::string& producer, const std::string& ns) const {
  if (grants_.count({producer, ns}) > 0) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat("producer \"", producer,
                                                  "\" may not publish to namespace \"", ns,
                                                  "\" (no grant)"));
}

}  // namespace causeway::gateway
