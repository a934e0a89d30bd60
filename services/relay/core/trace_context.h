#pragma once
// W3C Trace Context (https://www.w3.org/TR/trace-context/) for callbacks: an event published with
// a `traceparent` carries it to the endpoint unchanged; otherwise the relay starts a trace so the
// receiver's logs can still be joined with ours. Generated ones have the sampled flag off
// (`-00`): the relay records no span itself, so the receiver's sampler decides.
//
// Threads: none; pure functions.
#include <string>

#include "absl/strings/string_view.h"
#include "relay/core/random_source.h"

namespace causeway::relay {

// `<version>-<32 hex trace-id>-<16 hex parent-id>-<2 hex flags>`, lower-case hex, version not
// `ff`, ids not all zero; version 00 has nothing after the flags, later versions may.
bool IsValidTraceparent(absl::string_view value);

// A fresh `00-<trace-id>-<parent-id>-00` from three draws of `random` (all-zero ids redrawn).
std::string NewTraceparent(RandomSource random);

// `given` when valid, else a fresh one.
std::string TraceparentFor(absl::string_view given, RandomSource random);

}  // namespace causeway::relay
