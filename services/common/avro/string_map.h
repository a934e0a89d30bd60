#pragma once
// Hash maps keyed by std::string that accept std::string_view look-ups. Debian's Abseil is built
// with its own absl::string_view, so its default string hasher does not take std::string_view.
#include <functional>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"

namespace causeway::avro {

struct StringViewHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

struct StringViewEq {
  using is_transparent = void;
  bool operator()(std::string_view a, std::string_view b) const { return a == b; }
};

template <typename Value>
using StringMap = absl::flat_hash_map<std::string, Value, StringViewHash, StringViewEq>;

}  // namespace causeway::avro
