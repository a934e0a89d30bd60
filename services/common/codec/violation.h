#pragma once
// A payload's faults against its schema, and the wording of each kind of fault, so that every
// check words the same fault the same way and clients can rely on the path.
//
//   $.country: expected string or null, got 12
//   $.first_name: required field missing
//   $.extra: unknown field
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace causeway::codec {

// One fault: where in the payload (a path from `$`) and what.
struct Violation {
  std::string path;
  std::string message;

  std::string ToString() const;  // "path: message"
  friend bool operator==(const Violation&, const Violation&) = default;
};

// Every fault of one payload, in document order (fields in the schema's order).
using Violations = std::vector<Violation>;

// INVALID_ARGUMENT listing every violation, one "path: message" per line; OK when there is none.
absl::Status ViolationsToStatus(std::span<const Violation> violations);

// --- Wording.
// `expected <what>, got <got>`, where `got` is the offending JSON (shortened by the caller).
std::string ExpectedGot(std::string_view what, std::string_view got);
// `expected <what>, got <got> (<why>)`: the right kind of value, but not a valid one.
std::string ExpectedGotBecause(std::string_view what, std::string_view got, std::string_view why);
inline constexpr std::string_view kRequiredFieldMissing = "required field missing";
inline constexpr std::string_view kUnknownField = "unknown field";
inline constexpr std::string_view kDuplicateField = "duplicate field";
inline constexpr std::string_view kDuplicateKey = "duplicate key";
inline constexpr std::string_view kOutOfRange = "out of range";
std::string InvalidJson(std::string_view why);
std::string NestedTooDeep(size_t max_depth);
std::string PayloadTooLarge(size_t size, size_t limit);
std::string TooManyViolations(size_t limit);
// The defaults of the fields the payload leaves out would cost more than `limit` units
// (JsonToAvroOptions): the schema's defaults expand too far, or the payload takes too many.
std::string DefaultsTooLarge(size_t limit);
// Matching a JSON object to one of a union's records gave up: the union nests too ambiguously.
std::string UnionTooAmbiguous();

}  // namespace causeway::codec
