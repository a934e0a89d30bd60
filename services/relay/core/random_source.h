#pragma once
// The only randomness the core uses (retry jitter, generated trace ids): uniform 64-bit values
// from a generator the caller owns, so production passes absl::BitGen and tests a fixed sequence.
#include <cstdint>

#include "absl/functional/function_ref.h"

namespace causeway::relay {

// Returns a uniformly distributed 64-bit value on each call. Not stored: valid for the call only.
using RandomSource = absl::FunctionRef<uint64_t()>;

}  // namespace causeway::relay
