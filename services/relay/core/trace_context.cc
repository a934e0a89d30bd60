#include "relay/core/trace_context.h"

#include <cstdint>

#include "absl/strings/str_format.h"

namespace causeway::relay {
namespace {

bool IsLowerHex(absl::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool AllZero(absl::string_view s) { return s.find_first_not_of('0') == absl::string_view::npos; }

uint64_t NonZero(RandomSource random) {
  uint64_t v = random();
  while (v == 0) v = random();
  return v;
}

}  // namespace

bool IsValidTraceparent(absl::string_view value) {
  constexpr size_t kLength = 55;  // 2 + 1 + 32 + 1 + 16 + 1 + 2
  if (value.size() < kLength) return false;
  if (value[2] != '-' || value[35] != '-' || value[52] != '-') return false;
  const absl::string_view version = value.substr(0, 2), trace_id = value.substr(3, 32),
                          parent_id = value.substr(36, 16), flags = value.substr(53, 2);
  if (!IsLowerHex(version) || !IsLowerHex(trace_id) || !IsLowerHex(parent_id) ||
      !IsLowerHex(flags)) {
    return false;
  }
  if (version == "ff" || AllZero(trace_id) || AllZero(parent_id)) return false;
  if (version == "00") return value.size() == kLength;
  return value.size() == kLength || value[kLength] == '-';
}

std::string NewTraceparent(RandomSource random) {
  const uint64_t hi = random();
  const uint64_t lo = hi == 0 ? NonZero(random) : random();
  const uint64_t parent = NonZero(random);
  return absl::StrFormat("00-%016x%016x-%016x-00", hi, lo, parent);
}

std::string TraceparentFor(absl::string_view given, RandomSource random) {
  if (IsValidTraceparent(given)) return std::string(given);
  return NewTraceparent(random);
}

}  // namespace causeway::relay
