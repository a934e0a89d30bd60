#pragma once
// Producer identity at the gateway: who is calling (authentication, from a bearer token or a
// verified TLS client certificate) and whether they may publish to a namespace (authorization, from
// the grants). Pure: decided from a ProducerDirectory built from the followed topology, so a token,
// certificate name or grant added or revoked in causeway-topology takes effect with the next
// publish after the Watch delivers it — no restart, no call to topology per publish.
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "topology/topology_view.h"

namespace causeway::gateway {

// How the gateway decides who publishes.
enum class AuthMode {
  // Every publish needs a known producer (token or certificate) holding a grant for the namespace.
  kProducers,
  // DEVELOPMENT ONLY: nobody is authenticated; PublishRequest.producer_id is taken at its word.
  kDevelopment,
};

// What a caller presented, as its transport (gRPC or HTTP) saw it.
struct Credentials {
  // SHA-256 (hex) of the bearer token; empty when no `authorization` was sent.
  std::string token_sha256;
  // CN and DNS/URI SANs of a client certificate the TLS layer verified; empty without one.
  std::vector<std::string> certificate_names;
  // Set when the `authorization` value was malformed: reported as UNAUTHENTICATED.
  absl::Status malformed;
};

// Credentials from an `authorization` value ("Bearer <token>", scheme case-insensitive; "" = none).
Credentials CredentialsFromAuthorization(absl::string_view authorization);

// Token hashes and certificate names to producers, and the namespaces each producer may publish
// to. Immutable once built.
class ProducerDirectory {
 public:
  static ProducerDirectory Build(const topology::TopologyView& view);

  // The producer the credentials identify. UNAUTHENTICATED when none is presented, the token is
  // unknown, no certificate name is known, a name is claimed by two producers, or token and
  // certificate name different producers.
  absl::StatusOr<std::string> Authenticate(const Credentials& credentials) const;

  // PERMISSION_DENIED unless `producer` holds a grant for `ns`.
  absl::Status Authorize(const std::string& producer, const std::string& ns) const;

 private:
  std::map<std::string, std::string> by_token_;                    // sha256 -> producer
  std::map<std::string, std::vector<std::string>> by_certificate_;  // name -> producers
  std::set<std::pair<std::string, std::string>> grants_;           // (producer, namespace)
};

}  // namespace causeway::gateway
