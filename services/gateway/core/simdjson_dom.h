#pragma once
// Unchecked access to simdjson DOM elements whose type the caller has already checked. By value:
// value_unsafe() returns a reference into the temporary simdjson_result, which a range-for over it
// would outlive.
#include <cstdint>
#include <string_view>

#include "simdjson.h"

namespace causeway::gateway::dom {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::key_value_pair;
using simdjson::dom::object;

inline array AsArray(element e) { return e.get_array().value_unsafe(); }
inline object AsObject(element e) { return e.get_object().value_unsafe(); }
inline std::string_view AsString(element e) { return e.get_string().value_unsafe(); }
inline int64_t AsInt64(element e) { return e.get_int64().value_unsafe(); }
inline uint64_t AsUint64(element e) { return e.get_uint64().value_unsafe(); }
inline double AsDouble(element e) { return e.get_double().value_unsafe(); }
inline bool AsBool(element e) { return e.get_bool().value_unsafe(); }

// simdjson stores counts up to 0xFFFFFF and saturates there; past that, count by walking.
inline size_t CountItems(array a) {
  size_t n = a.size();
  if (n < 0xFFFFFF) return n;
  n = 0;
  for ([[maybe_unused]] element item : a) ++n;
  return n;
}

inline size_t CountMembers(object o) {
  size_t n = o.size();
  if (n < 0xFFFFFF) return n;
  n = 0;
  for ([[maybe_unused]] key_value_pair member : o) ++n;
  return n;
}

}  // namespace causeway::gateway::dom
