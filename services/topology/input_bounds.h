#pragma once
// Bounds on what a topology request may carry, besides names (their patterns bound them, see
// common/core/names.h). Every entity is held in memory by every replica and every gateway and is
// sent to every watcher, so no field may grow without bound. Each bound is documented on its field
// in proto/causeway/topology/v1/resources.proto and in the README ("Bounds").
#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/core/errors.h"

namespace causeway::topology {

// Free text: every entity's `description`.
inline constexpr size_t kMaxDescriptionBytes = 4096;
// Namespace.owner, Principal.owner.
inline constexpr size_t kMaxOwnerBytes = 256;
// Cluster.bootstrap_servers (a host list).
inline constexpr size_t kMaxBootstrapServersBytes = 4096;
// Cluster.client_properties: keys come from an allow-list; values are paths, references, names.
inline constexpr size_t kMaxClientProperties = 64;
inline constexpr size_t kMaxClientPropertyKeyBytes = 128;
inline constexpr size_t kMaxClientPropertyValueBytes = 4096;
// Principal.certificate_names: a service has a handful (CN, a DNS name, a SPIFFE id).
inline constexpr size_t kMaxCertificateNames = 32;
inline constexpr size_t kMaxCertificateNameBytes = 1024;
// PrincipalToken.description (IssueTokenRequest.description).
inline constexpr size_t kMaxTokenDescriptionBytes = 200;
// Zone.replication_factor: Kafka's is a 16-bit count; no cluster keeps more copies than this.
inline constexpr int kMaxReplicationFactor = 16;

// INVALID_ARGUMENT naming `field` when `text` is longer than `max` bytes.
inline absl::Status CheckTextLength(absl::string_view field, absl::string_view text, size_t max) {
  if (text.size() <= max) return absl::OkStatus();
  return InvalidField(field, absl::StrCat("longer than ", max, " bytes (", text.size(), ")"));
}

// INVALID_ARGUMENT naming `field` when it has more than `max` entries.
inline absl::Status CheckCount(absl::string_view field, size_t count, size_t max) {
  if (count <= max) return absl::OkStatus();
  return InvalidField(field, absl::StrCat("more than ", max, " entries (", count, ")"));
}

// `description` and `owner` of an entity whose message prefix is `entity` ("namespace").
inline absl::Status CheckDescriptionAndOwner(absl::string_view entity,
                                             absl::string_view description,
                                             absl::string_view owner) {
  if (absl::Status s = CheckTextLength(absl::StrCat(entity, ".description"), description,
                                       kMaxDescriptionBytes);
      !s.ok()) {
    return s;
  }
  return CheckTextLength(absl::StrCat(entity, ".owner"), owner, kMaxOwnerBytes);
}

}  // namespace causeway::topology
