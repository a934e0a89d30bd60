#pragma once
// The compatibility policy of an event type: which of its existing schemas a candidate is checked
// against, and in which direction. The reader/writer rules themselves are in compatibility.h.
//
//   BACKWARD   the candidate, as reader, reads data written with the newest existing schema
//              (consumers upgrade first);
//   FORWARD    the newest existing schema, as reader, reads data written with the candidate
//              (producers upgrade first);
//   FULL       both;
//   *_TRANSITIVE  the same against every existing schema, not only the newest;
//   NONE       no check.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/avro/incompatibility.h"
#include "common/avro/schema.h"

namespace causeway::avro {

enum class CompatibilityMode {
  kBackward,
  kBackwardTransitive,
  kForward,
  kForwardTransitive,
  kFull,
  kFullTransitive,
  kNone,
};

// "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD", "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE",
// "NONE": the names Confluent's registry and Causeway's API use.
std::string_view CompatibilityModeName(CompatibilityMode mode);
// The inverse of CompatibilityModeName; INVALID_ARGUMENT naming the valid modes otherwise.
absl::StatusOr<CompatibilityMode> ParseCompatibilityMode(std::string_view name);

// Which way one check ran.
enum class CheckDirection {
  kCandidateReadsExisting,  // the backward half
  kExistingReadsCandidate,  // the forward half
};
std::string_view CheckDirectionName(CheckDirection direction);  // "BACKWARD" or "FORWARD"

// One incompatibility of the candidate with one existing schema.
struct PolicyIncompatibility {
  size_t existing_index;       // into existing_newest_first: 0 is the newest
  std::string existing_label;  // the caller's label for it, or "existing[<index>]"
  CheckDirection direction;
  Incompatibility incompatibility;

  // "against v3 (BACKWARD, READER_FIELD_MISSING_DEFAULT_VALUE): $.fields.age: reader field has
  // no default and the writer lacks it" — which schema, which direction, which rule, where.
  std::string ToString() const;
};

// Every incompatibility of `candidate` with `existing_newest_first` under `mode`; empty when the
// candidate may be activated. `labels`, when given, names each existing schema (a schema id or a
// version) in the result and must be as long as `existing_newest_first`; otherwise it is ignored.
std::vector<PolicyIncompatibility> CheckCompatibility(
    const Schema& candidate, std::span<const Schema* const> existing_newest_first,
    CompatibilityMode mode, std::span<const std::string> labels = {});

}  // namespace causeway::avro
